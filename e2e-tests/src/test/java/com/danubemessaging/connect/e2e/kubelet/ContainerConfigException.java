package com.danubemessaging.connect.e2e.kubelet;

/**
 * What makes the kubelet refuse to start a container (state waiting, reason {@code CreateContainerConfigError}): a
 * Secret or ConfigMap key that the container's env names is missing. Messages as kubelet_pods.go words them.
 */
final class ContainerConfigException extends Exception {
    ContainerConfigException(String message) {
        super(message);
    }
}
