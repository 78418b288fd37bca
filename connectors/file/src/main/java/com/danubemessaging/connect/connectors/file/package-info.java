/**
 * The built-in file connectors, {@code source-file} and {@code sink-file}: the smallest real source and sink, used
 * by the local quickstart ({@code scripts/quickstart.sh}) and documented in {@code connectors/file/README.md}.
 */
package com.danubemessaging.connect.connectors.file;
