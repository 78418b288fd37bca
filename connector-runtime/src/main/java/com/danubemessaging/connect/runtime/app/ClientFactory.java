package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.config.SecuritySettings;

/** The Danube client of a connector run, from its service URL and the token/TLS settings of the environment. */
final class ClientFactory {

    private ClientFactory() {
    }

    static DanubeClient build(String serviceUrl, SecuritySettings security) {
        DanubeClient.Builder builder = DanubeClient.builder().serviceUrl(serviceUrl);
        security.token().ifPresent(builder::token);
        security.tokenFile().ifPresent(builder::tokenFile);
        security.tlsCaFile().ifPresent(builder::tlsCaFile);
        if (security.tlsCertFile().isPresent() && security.tlsKeyFile().isPresent()) {
            builder.tlsClientCert(security.tlsCertFile().get(), security.tlsKeyFile().get());
        }
        return builder.build();
    }
}
