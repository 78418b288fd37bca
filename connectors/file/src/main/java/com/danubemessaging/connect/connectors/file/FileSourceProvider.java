package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link FileSource} as the built-in connector {@code source-file}. */
public final class FileSourceProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "source-file";
    }

    @Override
    public Object create() {
        return new FileSource();
    }
}
