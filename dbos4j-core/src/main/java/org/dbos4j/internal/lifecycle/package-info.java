/**
 * Implementation of dbos4j (lifecycle: configure, launch and shutdown). Not supported API: it may
 * change in any release.
 *
 * <ul>
 *   <li>{@code Lifecycle}: the state behind the static {@code DBOS} facade (unconfigured,
 *       configured, launched), and the dispatch of proxy calls to workflows and steps.
 *   <li>{@code DBOSRuntime}: what exists between launch and shutdown, built from the configuration
 *       in two halves, {@code SystemDatabaseServices} and {@code ExecutionServices}.
 *   <li>{@code Subsystem}: a part with work at launch and shutdown, started in order and stopped in
 *       reverse; new subsystems plug in here. {@code Subsystems} starts and stops a list of them.
 *   <li>{@code ClientRuntime}: what a {@code DBOSClient} runs on, the system database half alone
 *       ({@code SystemDatabaseSettings} describes how to open it).
 *   <li>{@code EnvironmentVariables}: the {@code DBOS_*} variables the configuration and the
 *       command line read, and how.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.lifecycle;

import org.jspecify.annotations.NullMarked;
