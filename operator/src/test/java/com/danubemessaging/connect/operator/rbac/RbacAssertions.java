package com.danubemessaging.connect.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;

/** The checks both watch modes share. */
final class RbacAssertions {

    private RbacAssertions() {
    }

    static void assertAllGranted(List<ApiCall> calls, ChartRbac chart) {
        TreeSet<String> distinct = new TreeSet<>();
        calls.forEach(c -> distinct.add(c.toString()));
        System.out.println("operator calls (" + calls.size() + " requests, " + distinct.size() + " distinct) vs "
                + chart + ":\n  " + String.join("\n  ", distinct));
        assertThat(chart.ruleCount()).as("rules the chart grants").isGreaterThan(0);
        // The scenario must have exercised what it claims, or "everything granted" would prove nothing.
        assertThat(calls).as("Lease renewals (JSON merge patches)")
                .filteredOn(OperatorRbacScenario::isLeaseRenewal).hasSizeGreaterThanOrEqualTo(2);
        assertThat(calls).as("the operator's calls").anyMatch(c -> c.verb().equals("create")
                && c.resource().equals("deployments"))
                .anyMatch(c -> c.verb().equals("patch") && c.subresource().equals("status"))
                .anyMatch(c -> c.verb().equals("create") && c.resource().equals("events"))
                .anyMatch(c -> c.verb().equals("update") && c.resource().equals("deployments"))
                .anyMatch(c -> c.resource().equals("selfsubjectrulesreviews"));
        assertThat(OperatorRbacScenario.ungranted(calls, chart)).as("calls the " + chart + " does not grant")
                .isEmpty();
    }
}
