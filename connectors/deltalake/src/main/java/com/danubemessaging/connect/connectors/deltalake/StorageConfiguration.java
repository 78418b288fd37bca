package com.danubemessaging.connect.connectors.deltalake;

import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration Delta Kernel's default engine writes through. {@code storage_backend = "s3"} maps the
 * Rust sink's keys onto Hadoop's S3A filesystem ({@code fs.s3a.*}), which reads the credentials from the standard
 * AWS chain ({@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} env, profile, instance role). S3A itself
 * ({@code hadoop-aws} and the AWS SDK bundle) is not in the runtime image: put those jars into {@code plugins/}.
 */
final class StorageConfiguration {

    private StorageConfiguration() {
    }

    static Configuration hadoop(DeltaLakeSettings settings) {
        Configuration conf = new Configuration();
        if (settings.storageBackend().equals("s3")) {
            settings.s3Region().ifPresent(region -> conf.set("fs.s3a.endpoint.region", region));
            settings.s3Endpoint().ifPresent(endpoint -> conf.set("fs.s3a.endpoint", endpoint));
            conf.setBoolean("fs.s3a.path.style.access", settings.s3PathStyle());
            conf.setBoolean("fs.s3a.connection.ssl.enabled", !settings.s3Endpoint()
                    .map(e -> e.toLowerCase(Locale.ROOT).startsWith("http://")).orElse(false));
        }
        settings.hadoop().forEach(conf::set);
        return conf;
    }

    /**
     * The location Hadoop opens: {@code s3://} becomes {@code s3a://} (the Rust sink's URIs work unchanged) and a
     * plain path becomes absolute.
     */
    static String tableLocation(String to) {
        if (to.startsWith("s3://")) {
            return "s3a://" + to.substring("s3://".length());
        }
        if (to.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return to;
        }
        return java.nio.file.Path.of(to.startsWith("file:") ? to.substring("file:".length()) : to).toAbsolutePath()
                .normalize().toUri().toString();
    }
}
