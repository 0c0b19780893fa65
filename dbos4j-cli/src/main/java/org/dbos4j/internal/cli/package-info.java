/**
 * The {@code dbos4j} command line (picocli): operates the workflows of a system database from a
 * shell, through {@link org.dbos4j.DBOSClient} for everything about workflows and through the
 * system database's own migrations for {@code migrate} and {@code reset}. An application, packaged
 * as {@code dbos4j-cli.jar}; its classes are not supported API: only the commands, their options,
 * output and exit codes are the contract (see {@link org.dbos4j.internal.cli.ExitCodes}).
 */
@NullMarked
package org.dbos4j.internal.cli;

import org.jspecify.annotations.NullMarked;
