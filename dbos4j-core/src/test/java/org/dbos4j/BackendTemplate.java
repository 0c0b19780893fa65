package org.dbos4j;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Provides the runs of a {@link BothBackends} class, one per {@link Backend}. */
final class BackendTemplate implements ClassTemplateInvocationContextProvider {
  @Override
  public boolean supportsClassTemplate(ExtensionContext context) {
    return true;
  }

  @Override
  public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
      ExtensionContext context) {
    return Stream.of(Backend.values()).map(BackendTemplate::run);
  }

  private static ClassTemplateInvocationContext run(Backend backend) {
    return new ClassTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return "[" + backend.displayName() + "]";
      }

      @Override
      public void prepareInvocation(ExtensionContext context) {
        SystemDatabaseExtension.use(context, backend);
      }
    };
  }
}
