package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.connectors.common.TlsContexts;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** The Paho connect options of {@link MqttSettings}: MQTT 3.1.1, no automatic reconnect, verifying TLS. */
final class MqttOptions {
    private MqttOptions() {
    }

    /** Builds the options; reads the TLS files now, so a bad one fails at start with its key. */
    static MqttConnectOptions of(MqttSettings settings) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(settings.cleanSession());
        options.setKeepAliveInterval(settings.keepAliveSecs());
        options.setConnectionTimeout(settings.connectionTimeoutSecs());
        // reconnects are ours (MqttSession): Paho's would not tell whether the broker kept the session
        options.setAutomaticReconnect(false);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        if (settings.useTls()) {
            TlsContexts.PemKeyPair clientKey = settings.clientCertFile() == null ? null
                    : new TlsContexts.PemKeyPair(settings.clientCertFile(), "mqtt.client_cert_file",
                    settings.clientKeyFile(), "mqtt.client_key_file");
            SSLContext context = TlsContexts.client(settings.caFile(), "mqtt.ca_file", clientKey);
            options.setSocketFactory(NoDelaySocketFactories.tls(context.getSocketFactory(), settings.tcpNodelay()));
            // the server certificate must name broker_host (DNS or IP SAN), as for HTTPS
            options.setHttpsHostnameVerificationEnabled(true);
        } else {
            options.setSocketFactory(NoDelaySocketFactories.plain(settings.tcpNodelay()));
        }
        return options;
    }
}
