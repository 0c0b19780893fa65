package org.dbos4j;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple's logging with a working MDC: slf4j-simple's own MDC adapter is a no-op, so tests
 * could not see what dbos4j puts in the MDC. Selected by the {@code slf4j.provider} system property
 * that the surefire configuration sets.
 */
public final class MdcLoggingProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
