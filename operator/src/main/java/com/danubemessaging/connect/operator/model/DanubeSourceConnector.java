package com.danubemessaging.connect.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Danube source connector: runs the connector runtime as a Deployment configured by this resource. */
@Group(DanubeConnector.GROUP)
@Version(DanubeConnector.VERSION)
@Kind("DanubeSourceConnector")
@Singular("danubesourceconnector")
@Plural("danubesourceconnectors")
@ShortNames("dsrc")
@Categories("danube")
@AdditionalPrinterColumn(name = "Connector", jsonPath = ".status.connector", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DanubeSourceConnector extends DanubeConnector {

    @Override
    public ConnectorSide side() {
        return ConnectorSide.SOURCE;
    }
}
