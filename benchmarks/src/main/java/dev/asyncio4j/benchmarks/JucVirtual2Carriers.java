package dev.asyncio4j.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/** {@link JucVirtual1Carrier}'s benchmarks on two carrier threads: both cores run virtual threads. */
@Fork(value = ScenarioSettings.FORKS, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djdk.virtualThreadScheduler.parallelism=2"})
public class JucVirtual2Carriers extends JucVirtual1Carrier {
}
