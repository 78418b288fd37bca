package com.danubemessaging.connect.operator.model;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for free-form fields: an object whose keys and values the API server keeps as written
 * ({@code type: object} + {@code x-kubernetes-preserve-unknown-fields}), so tables, arrays and scalars are all allowed.
 */
@PreserveUnknownFields
public final class FreeFormObject {

    private FreeFormObject() {
    }
}
