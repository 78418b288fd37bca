package com.danubemessaging.connect.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link DanubeTestBroker}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DanubeBrokerExtension broker = DanubeBrokerExtension.create(b -> b.namespace("orders"));
 *
 * @Test
 * void test(DanubeTestBroker danube) { ... danube.serviceUrl() ... }
 * }</pre>
 *
 * On a static field the broker starts before all tests of the class and stops after them; on an instance
 * field it runs for each test. Test and lifecycle methods can take a {@link DanubeTestBroker} parameter.
 */
public final class DanubeBrokerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Consumer<DanubeTestBroker.Builder> configuration;
    private DanubeTestBroker broker;
    private boolean perClass;
    /** The context that started the broker; only its end stops it (so @Nested classes share the broker). */
    private String ownerContextId;

    private DanubeBrokerExtension(Consumer<DanubeTestBroker.Builder> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /** A broker with the defaults (random port, namespace {@code default}). */
    public static DanubeBrokerExtension create() {
        return new DanubeBrokerExtension(builder -> { });
    }

    /** A broker configured by {@code configuration}. */
    public static DanubeBrokerExtension create(Consumer<DanubeTestBroker.Builder> configuration) {
        return new DanubeBrokerExtension(configuration);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        startBroker(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopBroker(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            startBroker(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stopBroker(context);
        }
    }

    private synchronized void startBroker(ExtensionContext context) {
        if (broker == null) {
            DanubeTestBroker.Builder builder = DanubeTestBroker.builder();
            configuration.accept(builder);
            broker = builder.build().start();
            ownerContextId = context.getUniqueId();
        }
    }

    private synchronized void stopBroker(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(ownerContextId)) {
            broker.close();
            broker = null;
            ownerContextId = null;
        }
    }

    /** The running broker; fails when called outside the extension's lifetime. */
    public synchronized DanubeTestBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the Danube test broker is not running (outside the test lifecycle?)");
        }
        return broker;
    }

    public String serviceUrl() {
        return broker().serviceUrl();
    }

    public int port() {
        return broker().port();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DanubeTestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }
}
