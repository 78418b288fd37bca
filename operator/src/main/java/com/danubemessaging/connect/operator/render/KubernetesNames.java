package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name checks of the Kubernetes API server, so that the operator refuses a spec with {@code SpecValid=False}
 * before the API server would refuse the rendered objects (which would only give an endless retry). Same rules and
 * messages as apimachinery's {@code staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go}
 * ({@code IsDNS1123Label}, {@code IsDNS1123Subdomain}, {@code IsDNS1035Label}, {@code IsValidPortName}). Each method
 * returns the problems; empty means valid.
 */
public final class KubernetesNames {

    public static final int DNS1123_LABEL_MAX_LENGTH = 63;
    public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    public static final int DNS1035_LABEL_MAX_LENGTH = 63;
    public static final int PORT_NAME_MAX_LENGTH = 15;

    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile("^" + DNS1123_LABEL_FMT + "$");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "^" + DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*$");
    private static final Pattern DNS1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("^[-a-z0-9]+$");
    private static final Pattern ONE_LETTER = Pattern.compile("[a-z]");

    private KubernetesNames() {
    }

    /** Service names, among others. */
    public static List<String> dns1035Label(String value) {
        return check(value, DNS1035_LABEL_MAX_LENGTH, DNS1035_LABEL, "a DNS-1035 label must consist of lower case "
                + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric "
                + "character (e.g. 'my-name', or 'abc-123')");
    }

    /** Volume names, among others. */
    public static List<String> dns1123Label(String value) {
        return check(value, DNS1123_LABEL_MAX_LENGTH, DNS1123_LABEL, "a lowercase RFC 1123 label must consist of "
                + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                + "(e.g. 'my-name', or '123-abc')");
    }

    /** ConfigMap, Secret and Deployment names. */
    public static List<String> dns1123Subdomain(String value) {
        return check(value, DNS1123_SUBDOMAIN_MAX_LENGTH, DNS1123_SUBDOMAIN, "a lowercase RFC 1123 subdomain must "
                + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'example.com')");
    }

    private static List<String> check(String value, int maxLength, Pattern format, String formatMessage) {
        List<String> errors = new ArrayList<>();
        if (value.length() > maxLength) {
            errors.add(maxLength(maxLength));
        }
        if (!format.matcher(value).matches()) {
            errors.add(formatMessage);
        }
        return errors;
    }

    /** IANA_SVC_NAME: container and Service port names. */
    public static List<String> portName(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > PORT_NAME_MAX_LENGTH) {
            errors.add(maxLength(PORT_NAME_MAX_LENGTH));
        }
        if (!PORT_NAME_CHARSET.matcher(value).matches()) {
            errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!ONE_LETTER.matcher(value).find()) {
            errors.add("must contain at least one letter (a-z)");
        }
        if (value.contains("--")) {
            errors.add("must not contain consecutive hyphens");
        }
        if (!value.isEmpty() && (value.charAt(0) == '-' || value.charAt(value.length() - 1) == '-')) {
            errors.add("must not begin or end with a hyphen");
        }
        return errors;
    }

    private static String maxLength(int length) {
        return "must be no more than " + length + " characters";
    }
}
