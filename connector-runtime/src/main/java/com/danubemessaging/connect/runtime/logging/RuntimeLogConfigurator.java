package com.danubemessaging.connect.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import com.danubemessaging.connect.runtime.config.LogLevels;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;

/**
 * Logback's first configuration when the runtime is on the class path (found through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}): {@code LOG_FORMAT} and {@code LOG_LEVEL} /
 * {@code RUST_LOG} from the environment, text at info otherwise. A {@code logback.xml} / {@code logback-test.xml}
 * on the class path or {@code -Dlogback.configurationFile} wins: Logback's own XML configurator then runs instead.
 * The runnable configures again once {@code connector.toml} is read ({@link LogbackSetup#apply}).
 */
public final class RuntimeLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || hasResource("logback-test.xml")
                || hasResource("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogFormat format = LogFormat.parse(System.getenv(RuntimeEnv.LOG_FORMAT)).orElse(LogFormat.TEXT);
        String level = LogLevels.parse(System.getenv(RuntimeEnv.LOG_LEVEL))
                .or(() -> LogLevels.parse(System.getenv(RuntimeEnv.RUST_LOG)))
                .orElse("info");
        LogbackSetup.configure(context, level, format, null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean hasResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = RuntimeLogConfigurator.class.getClassLoader();
        }
        return loader.getResource(name) != null;
    }
}
