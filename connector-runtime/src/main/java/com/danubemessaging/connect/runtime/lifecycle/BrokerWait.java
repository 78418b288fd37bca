package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a start: wait until the Danube broker answers, so that a connector started before its broker
 * (a fresh cluster, a broker restarting) waits instead of crash-looping. Unreachable is retried with the capped
 * {@code [retry]} back-off for as long as it takes; meanwhile {@code /health/live} stays 200 and
 * {@code /health/ready} answers 503 with the reason, and a stop ends the wait at once. A refusal (a missing, wrong or
 * expired token) cannot be fixed by waiting and is fatal at once.
 */
public final class BrokerWait {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);

    private final DanubeClient client;
    private final String serviceUrl;
    private final RetryPolicy retry;
    private final StopSignal stop;
    private volatile String waitingFor;

    public BrokerWait(DanubeClient client, String serviceUrl, RetryPolicy retry, StopSignal stop,
                      HealthState health) {
        this.client = client;
        this.serviceUrl = serviceUrl;
        this.retry = retry;
        this.stop = stop;
        health.addReadinessCheck(() -> Optional.ofNullable(waitingFor));
    }

    /**
     * @return true once the broker answered, false when the stop came first
     * @throws FatalException when the broker refused the credentials
     */
    public boolean await() {
        int failures = 0;
        while (!stop.isStopped()) {
            try {
                client.checkBroker();
                if (failures > 0) {
                    LOG.info("Danube broker at {} is reachable after {} failed attempt(s); starting", serviceUrl,
                            failures);
                }
                waitingFor = null;
                return true;
            } catch (DanubeClientException e) {
                if (!e.isRetryable()) {
                    waitingFor = null;
                    throw new FatalException(e.getMessage(), e);
                }
                failures++;
                Duration wait = retry.backoff(failures);
                waitingFor = "waiting for the Danube broker at " + serviceUrl + " (attempt " + failures + "): "
                        + e.getMessage();
                LOG.warn("Danube broker at {} is not reachable yet (attempt {}); trying again in {} ms: {}",
                        serviceUrl, failures, wait.toMillis(), e.getMessage());
                stop.await(wait);
            }
        }
        return false;
    }
}
