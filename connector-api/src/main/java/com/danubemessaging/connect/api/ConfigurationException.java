package com.danubemessaging.connect.api;

/** The configuration is missing or wrong; the message names the key and the reason. Fatal at start. */
public class ConfigurationException extends ConnectorException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
