package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link WebhookSource} as the built-in connector {@code source-webhook}. */
public final class WebhookSourceProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "source-webhook";
    }

    @Override
    public Object create() {
        return new WebhookSource();
    }
}
