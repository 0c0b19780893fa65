package org.dbos4j;

import java.time.Duration;
import java.util.Objects;
import org.dbos4j.internal.context.WorkflowIds;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link DBOS#forkWorkflow(String, int, ForkOptions)}: the fork's ID, the application
 * version that runs it and its timeout.
 */
public final class ForkOptions {
  private final @Nullable String forkedWorkflowId;
  private final @Nullable String appVersion;
  private final @Nullable Duration timeout;

  private ForkOptions(Builder b) {
    this.forkedWorkflowId = b.forkedWorkflowId;
    this.appVersion = b.appVersion;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The fork's workflow ID; null means a random one. */
  public @Nullable String forkedWorkflowId() {
    return forkedWorkflowId;
  }

  /**
   * The application version that runs the fork; null means the forking process's own version (a
   * client's fork: the original's version).
   */
  public @Nullable String appVersion() {
    return appVersion;
  }

  /**
   * How long the fork may run, counted from the fork; null means the original's timeout, if it had
   * one.
   */
  public @Nullable Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "ForkOptions[forkedWorkflowId="
        + forkedWorkflowId
        + ", appVersion="
        + appVersion
        + ", timeout="
        + timeout
        + "]";
  }

  /** Builds {@link ForkOptions}; every property is optional. */
  public static final class Builder {
    private @Nullable String forkedWorkflowId;
    private @Nullable String appVersion;
    private @Nullable Duration timeout;

    private Builder() {}

    /** The fork's workflow ID, not blank. */
    public Builder forkedWorkflowId(String forkedWorkflowId) {
      this.forkedWorkflowId = WorkflowIds.check(forkedWorkflowId);
      return this;
    }

    /** The application version that runs the fork, not blank. */
    public Builder appVersion(String appVersion) {
      this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
      return this;
    }

    /** The fork's timeout, positive. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if {@code appVersion} is blank or {@code timeout} is not
     *     positive
     */
    public ForkOptions build() {
      if (appVersion != null && appVersion.isBlank()) {
        throw new IllegalArgumentException(
            "appVersion must not be blank, got '" + appVersion + "'");
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      return new ForkOptions(this);
    }
  }
}
