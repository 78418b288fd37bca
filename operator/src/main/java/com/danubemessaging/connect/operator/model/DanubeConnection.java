package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Connection of the connector runtime to the Danube broker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DanubeConnection {

    @JsonPropertyDescription("Danube broker URL (danube_service_url), e.g. http://danube-broker.danube:6650; https:// when the broker uses TLS.")
    @Required
    @Pattern("^(http|https)://.+")
    private String serviceUrl;

    @JsonPropertyDescription("Secret key holding the JWT sent to Danube as a bearer token. Mounted as a file at /etc/danube-connect/token/token (DANUBE_TOKEN_FILE), which the runtime re-reads, so rotating the Secret needs no pod restart.")
    private SecretKeyReference tokenSecretRef;

    @JsonPropertyDescription("Secret with the broker CA (ca.crt) and, for mutual TLS, tls.crt and tls.key; mounted read-only at /etc/danube-connect/tls.")
    private SecretReference tlsSecretRef;

    public String getServiceUrl() {
        return serviceUrl;
    }

    public void setServiceUrl(String serviceUrl) {
        this.serviceUrl = serviceUrl;
    }

    public SecretKeyReference getTokenSecretRef() {
        return tokenSecretRef;
    }

    public void setTokenSecretRef(SecretKeyReference tokenSecretRef) {
        this.tokenSecretRef = tokenSecretRef;
    }

    public SecretReference getTlsSecretRef() {
        return tlsSecretRef;
    }

    public void setTlsSecretRef(SecretReference tlsSecretRef) {
        this.tlsSecretRef = tlsSecretRef;
    }
}
