package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** The QoS of a route, spelt as upstream's TOML does ({@code "AtLeastOnce"}); 0, 1 and 2 are accepted too. */
enum MqttQos {
    AT_MOST_ONCE(0, "AtMostOnce"),
    AT_LEAST_ONCE(1, "AtLeastOnce"),
    EXACTLY_ONCE(2, "ExactlyOnce");

    final int level;
    final String tomlName;

    MqttQos(int level, String tomlName) {
        this.level = level;
        this.tomlName = tomlName;
    }

    /** @throws ConfigurationException naming {@code key} for an unknown value */
    static MqttQos parse(String value, String key) {
        if (value == null) {
            return AT_LEAST_ONCE;
        }
        String v = value.trim();
        for (MqttQos qos : values()) {
            if (qos.tomlName.equalsIgnoreCase(v) || String.valueOf(qos.level).equals(v)
                    || qos.name().equalsIgnoreCase(v.replace('-', '_').toUpperCase(Locale.ROOT))) {
                return qos;
            }
        }
        throw new ConfigurationException(key + ": must be \"AtMostOnce\", \"AtLeastOnce\" or \"ExactlyOnce\" (or 0, 1,"
                + " 2), got \"" + value + "\"");
    }

    @Override
    public String toString() {
        return tomlName;
    }
}
