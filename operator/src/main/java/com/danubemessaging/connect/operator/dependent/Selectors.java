package com.danubemessaging.connect.operator.dependent;

/** Label selectors that restrict the operator's informers to the objects it manages, per connector side. */
public final class Selectors {

    public static final String SOURCE = "app.kubernetes.io/managed-by=danube-connect-operator,"
            + "connect.danube-messaging.io/side=source";
    public static final String SINK = "app.kubernetes.io/managed-by=danube-connect-operator,"
            + "connect.danube-messaging.io/side=sink";

    private Selectors() {
    }
}
