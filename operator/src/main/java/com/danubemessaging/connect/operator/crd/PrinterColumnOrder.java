package com.danubemessaging.connect.operator.crd;

import java.util.Comparator;
import java.util.List;

import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

/**
 * Build-time CRD post-processor (quarkus.operator-sdk.crd.post-processor): kubectl shows the printer
 * columns in the order of the CRD, and fabric8's generator sorts them by JSON path (Age first). This puts them in
 * the order people read a connector: Connector, Replicas, Ready, Phase, Age.
 */
public class PrinterColumnOrder implements CRDPostProcessor {

    static final List<String> ORDER = List.of("Connector", "Replicas", "Ready", "Phase", "Age");

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            definition.getSpec().getVersions().forEach(version -> {
                if (version.getAdditionalPrinterColumns() != null) {
                    version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> ORDER.indexOf(c.getName()) < 0 ? ORDER.size()
                                    : ORDER.indexOf(c.getName())));
                }
            });
        }
        return crd;
    }
}
