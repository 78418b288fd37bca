# syntax=docker/dockerfile:1.7
#
# Danube Connect for Java: one multi-stage build, three images.
#
#   docker build --target runtime  -t ghcr.io/danube-messaging/danube-connect-runtime:0.1.0  .
#   docker build --target operator -t ghcr.io/danube-messaging/danube-connect-operator:0.1.0 .
#   docker build --target testkit  -t ghcr.io/danube-messaging/danube-connect-testkit:0.1.0  .
#
# `runtime` (the default target, last stage) is the shared connector image the operator deploys for
# every DanubeSourceConnector / DanubeSinkConnector; `operator` is the Quarkus operator the Helm
# chart installs; `testkit` is the in-memory Danube-compatible broker for local quickstarts (not for
# production).
# All three run as uid/gid 1000, keep their files root-owned (read-only for the process) and work
# with a read-only root filesystem as long as /tmp is writable (the operator and the chart mount an
# emptyDir there). No image contains credentials: tokens and passwords arrive at run time from
# Kubernetes Secrets.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy

# ---------------------------------------------------------------------------------------------
# build: compiles every module once with the Maven wrapper (Maven version pinned in .mvn/).
# ---------------------------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
# Copy only what the reactor needs; .dockerignore additionally keeps target folders and IDE files out.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY connector-api/ connector-api/
COPY danube-client/ danube-client/
COPY connector-runtime/ connector-runtime/
COPY connectors/ connectors/
COPY distribution/ distribution/
COPY testkit/ testkit/
COPY integration-tests/ integration-tests/
COPY operator/ operator/
COPY e2e-tests/ e2e-tests/
# The cache mount keeps ~/.m2 (and the wrapper's Maven download) between builds without baking it into a layer.
# Only the modules the images ship are built (-pl … -am); integration-tests/ and e2e-tests/ are copied because the
# root pom lists them.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package -pl distribution,testkit,operator -am \
 && test -f distribution/target/danube-connect-runtime.jar \
 && test -f testkit/target/danube-testkit.jar \
 && test -f operator/target/quarkus-app/quarkus-run.jar

# ---------------------------------------------------------------------------------------------
# jre-base: the JRE plus an unprivileged user with uid/gid 1000 (the uid the operator's pods use).
# ---------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE} AS jre-base
# Some Ubuntu bases already own uid 1000 (user "ubuntu"); replace it so the name is predictable.
RUN set -eu; \
    existing_user="$(getent passwd 1000 | cut -d: -f1 || true)"; \
    if [ -n "$existing_user" ]; then userdel "$existing_user"; fi; \
    existing_group="$(getent group 1000 | cut -d: -f1 || true)"; \
    if [ -n "$existing_group" ]; then groupdel "$existing_group"; fi; \
    groupadd --gid 1000 danube; \
    useradd --uid 1000 --gid 1000 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin danube
# JVM-wide defaults: size the heap from the container limit; fail fast on OOM so Kubernetes restarts the pod.
ENV JAVA_DEFAULT_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" \
    HOME=/tmp

# ---------------------------------------------------------------------------------------------
# operator: the Quarkus fast-jar of the Kubernetes operator.
# ---------------------------------------------------------------------------------------------
FROM jre-base AS operator
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="danube-connect-operator" \
      org.opencontainers.image.description="Danube Connect for Java: Kubernetes operator for DanubeSourceConnector / DanubeSinkConnector" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# Layers ordered from least to most frequently changing: libraries first, application last.
COPY --from=build /workspace/operator/target/quarkus-app/lib/ /opt/danube-connect-operator/lib/
COPY --from=build /workspace/operator/target/quarkus-app/quarkus-run.jar /opt/danube-connect-operator/
COPY --from=build /workspace/operator/target/quarkus-app/app/ /opt/danube-connect-operator/app/
COPY --from=build /workspace/operator/target/quarkus-app/quarkus/ /opt/danube-connect-operator/quarkus/
COPY --chmod=0755 <<'EOF' /opt/danube-connect-operator/bin/danube-connect-operator
#!/bin/sh
set -eu
# shellcheck disable=SC2086
exec java ${JAVA_DEFAULT_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${JAVA_OPTS:-} \
  -jar /opt/danube-connect-operator/quarkus-run.jar "$@"
EOF
WORKDIR /opt/danube-connect-operator
USER 1000:1000
# HTTP: /q/health/live, /q/health/ready, /q/metrics.
EXPOSE 8080
ENTRYPOINT ["/opt/danube-connect-operator/bin/danube-connect-operator"]

# ---------------------------------------------------------------------------------------------
# testkit: in-memory Danube-compatible broker for local quickstarts and demos (state is lost on exit).
# ---------------------------------------------------------------------------------------------
FROM jre-base AS testkit
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="danube-connect-testkit" \
      org.opencontainers.image.description="Danube Connect for Java: in-memory Danube-compatible test broker (not for production)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /workspace/testkit/target/danube-testkit.jar /opt/danube-testkit/danube-testkit.jar
COPY --chmod=0755 <<'EOF' /opt/danube-testkit/bin/danube-testkit
#!/bin/sh
set -eu
# shellcheck disable=SC2086
exec java ${JAVA_DEFAULT_OPTS:-} ${JAVA_OPTS:-} -jar /opt/danube-testkit/danube-testkit.jar "$@"
EOF
WORKDIR /opt/danube-testkit
USER 1000:1000
EXPOSE 6650
ENTRYPOINT ["/opt/danube-testkit/bin/danube-testkit"]
# Listen on every interface (the testkit's own default is 127.0.0.1, useless in a container). Clients that
# are not on this host also need --advertised-host <name they reach it by>: lookups answer with that name.
CMD ["--port", "6650", "--host", "0.0.0.0"]

# ---------------------------------------------------------------------------------------------
# runtime: the shared connector image (Contract 1 in ARCHITECTURE.md).
# ---------------------------------------------------------------------------------------------
FROM jre-base AS runtime
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="danube-connect-runtime" \
      org.opencontainers.image.description="Danube Connect for Java: shared connector runtime (built-in connectors; custom connector jars go in /opt/danube-connect/plugins)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# The runtime and every built-in connector: the launcher jar's manifest names the jars of lib/ beside it.
COPY --from=build /workspace/distribution/target/lib/ /opt/danube-connect/lib/
COPY --from=build /workspace/distribution/target/danube-connect-runtime.jar /opt/danube-connect/danube-connect-runtime.jar
# The launcher: JAVA_OPTS (the CR's jvmOptions) come after the defaults so they win. Plugin jars are
# not put on the class path here: the runtime loads them itself from DANUBE_CONNECT_PLUGINS_DIR.
COPY --chmod=0755 <<'EOF' /opt/danube-connect/bin/danube-connect
#!/bin/sh
set -eu
app_home="${DANUBE_CONNECT_HOME:-/opt/danube-connect}"
# JAVA_DEFAULT_OPTS and JAVA_OPTS hold several flags each, so they are split on spaces on purpose.
# shellcheck disable=SC2086
exec java ${JAVA_DEFAULT_OPTS:-} ${JAVA_OPTS:-} \
  -cp "$app_home/danube-connect-runtime.jar" \
  com.danubemessaging.connect.runtime.app.ConnectorMain "$@"
EOF
RUN mkdir -p /opt/danube-connect/plugins /etc/danube-connect
ENV DANUBE_CONNECT_HOME=/opt/danube-connect \
    DANUBE_CONNECT_PLUGINS_DIR=/opt/danube-connect/plugins \
    CONNECTOR_CONFIG_PATH=/etc/danube-connect/connector.toml
WORKDIR /opt/danube-connect
USER 1000:1000
# Prometheus /metrics and /health/live, /health/ready ([processing].metrics_port).
EXPOSE 9090
ENTRYPOINT ["/opt/danube-connect/bin/danube-connect"]
