package com.danubemessaging.connect.runtime.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The runnable's flags: {@code --connector <id|class>}, {@code --config <file>}, {@code --help}. Both
 * {@code --flag value} and {@code --flag=value} are accepted.
 *
 * @param connector the {@code --connector} value, if given
 * @param config    the {@code --config} value, if given
 * @param help      {@code --help} or {@code -h} was given
 */
record CommandLine(Optional<String> connector, Optional<Path> config, boolean help) {

    /** A flag the runnable does not know, or a flag without its value. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String... args) {
        String connector = null;
        Path config = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--connector" -> {
                    if (value == null) {
                        value = valueAfter(args, i++, name);
                    }
                    connector = nonBlank(value, name);
                }
                case "--config" -> {
                    if (value == null) {
                        value = valueAfter(args, i++, name);
                    }
                    config = Path.of(nonBlank(value, name));
                }
                default -> throw new UsageException("unknown argument \"" + arg + "\" (see --help)");
            }
        }
        return new CommandLine(Optional.ofNullable(connector), Optional.ofNullable(config), help);
    }

    private static String valueAfter(String[] args, int index, String flag) {
        if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
            throw new UsageException(flag + " needs a value (see --help)");
        }
        return args[index + 1];
    }

    private static String nonBlank(String value, String flag) {
        if (value.isBlank()) {
            throw new UsageException(flag + " needs a value (see --help)");
        }
        return value.trim();
    }
}
