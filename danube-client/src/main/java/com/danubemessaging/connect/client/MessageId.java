package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.MsgID;

/**
 * Identity of a message on the broker: the producer that sent it, the (partition) topic, the broker that holds it
 * and its offset in the topic (0 until the broker assigns one).
 */
public record MessageId(long producerId, String topicName, String brokerAddr, long topicOffset) {

    MsgID toProto() {
        return MsgID.newBuilder()
                .setProducerId(producerId)
                .setTopicName(topicName)
                .setBrokerAddr(brokerAddr)
                .setTopicOffset(topicOffset)
                .build();
    }

    static MessageId fromProto(MsgID id) {
        return new MessageId(id.getProducerId(), id.getTopicName(), id.getBrokerAddr(), id.getTopicOffset());
    }
}
