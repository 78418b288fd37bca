package com.danubemessaging.connect.testkit;

import java.util.List;
import java.util.regex.Pattern;

/** Glob patterns of a KeyShared consumer ({@code *} any run, {@code ?} one character); empty means every key. */
final class KeyFilter {

    private final List<Pattern> patterns;

    KeyFilter(List<String> globs) {
        this.patterns = globs.stream().filter(g -> !g.isEmpty()).map(KeyFilter::compile).toList();
    }

    boolean matches(String key) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(key).matches());
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
