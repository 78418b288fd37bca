package com.danubemessaging.connect.bench;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Producer throughput against the in-memory test broker on loopback: {@code send} one by one versus pipelined
 * {@code sendAsync} with an in-flight window. A main, not a test: timings depend on the machine.
 *
 * <p>Arguments (all optional): {@code messages payloadBytes window}. Defaults: 20000 256 256.
 */
public final class ProducerThroughputBenchmark {

    private ProducerThroughputBenchmark() {
    }

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("bench.messages", 20_000);
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        byte[] payload = new byte[payloadBytes];

        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build()) {
            System.out.printf("Producer throughput, %d messages of %d bytes, loopback testkit broker, %d cores, "
                    + "Java %s%n", messages, payloadBytes, Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            boolean[] modes = {false, true};
            Producer[] sequential = new Producer[2];
            Producer[] pipelined = new Producer[2];
            for (int m = 0; m < 2; m++) {
                String mode = modes[m] ? "reliable" : "non-reliable";
                sequential[m] = client.newProducer().topic("/default/bench-seq-" + mode).name("seq-" + mode)
                        .reliable(modes[m]).maxInFlight(1).create();
                pipelined[m] = client.newProducer().topic("/default/bench-pipe-" + mode).name("pipe-" + mode)
                        .reliable(modes[m]).maxInFlight(window).create();
            }
            // Warm-up of every path first (JIT, connections), so no mode pays for it in its measurement.
            int warmUp = Math.min(5_000, messages);
            for (int m = 0; m < 2; m++) {
                runSequential(sequential[m], payload, warmUp);
                runPipelined(pipelined[m], payload, warmUp);
            }
            for (int m = 0; m < 2; m++) {
                String mode = modes[m] ? "reliable" : "non-reliable";
                double seq = runSequential(sequential[m], payload, messages);
                double pipe = runPipelined(pipelined[m], payload, messages);
                System.out.printf("%-13s sequential send():            %,10.0f msg/s%n", mode, seq);
                System.out.printf("%-13s pipelined sendAsync(), w=%-4d %,10.0f msg/s  (x%.1f)%n", mode, window,
                        pipe, pipe / seq);
                sequential[m].close();
                pipelined[m].close();
            }
        }
    }

    private static double runSequential(Producer producer, byte[] payload, int messages) {
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            producer.send(OutgoingMessage.of(payload));
        }
        return messages / seconds(start);
    }

    private static double runPipelined(Producer producer, byte[] payload, int messages) {
        long start = System.nanoTime();
        List<CompletableFuture<MessageId>> sends = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            sends.add(producer.sendAsync(OutgoingMessage.of(payload)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return messages / seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
