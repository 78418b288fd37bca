package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConfigurationException;

/**
 * An MQTT topic filter ({@code sensors/+/temperature}, {@code logs/#}) and the MQTT 3.1.1 matching rules (§4.7):
 * {@code +} matches exactly one level, {@code #} (last, alone in its level) matches the parent level and any number
 * of levels below it, and a filter starting with a wildcard does not match topics starting with {@code $}.
 */
record TopicFilter(String filter) {

    /** @throws ConfigurationException naming {@code key} when {@code filter} is not a valid MQTT topic filter */
    static TopicFilter parse(String filter, String key) {
        if (filter == null || filter.isEmpty()) {
            throw new ConfigurationException(key + ": required (an MQTT topic filter such as sensors/+/temperature)");
        }
        if (filter.indexOf('\0') >= 0) {
            throw new ConfigurationException(key + ": must not contain the NUL character");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new ConfigurationException(key + ": '#' must be the whole last level of the filter, got \""
                        + filter + "\"");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new ConfigurationException(key + ": '+' must be a whole level of the filter, got \"" + filter
                        + "\"");
            }
        }
        return new TopicFilter(filter);
    }

    /** True when a message published on {@code topic} matches this filter. */
    boolean matches(String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Override
    public String toString() {
        return filter;
    }
}
