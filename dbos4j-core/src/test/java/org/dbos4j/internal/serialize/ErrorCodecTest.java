package org.dbos4j.internal.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSMaxStepRetriesExceededException;
import org.junit.jupiter.api.Test;

/** Recorded exceptions come back as their own class where possible, and never as anything else. */
class ErrorCodecTest {
  private final ErrorCodec codec = new ErrorCodec();

  public static final class Rebuildable extends Exception {
    private static final long serialVersionUID = 1L;

    public Rebuildable(String message) {
      super(message);
    }
  }

  public static final class NotRebuildable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotRebuildable(int code) {
      super("code " + code);
    }
  }

  /** Not a Throwable: must never be instantiated from a recorded error. */
  public static final class NotAnException {
    static final AtomicInteger CREATED = new AtomicInteger();

    public NotAnException() {
      CREATED.incrementAndGet();
    }

    public NotAnException(String message) {
      CREATED.incrementAndGet();
    }
  }

  @Test
  void anExceptionWithAStringConstructorIsRebuiltAsItsClassWithItsCauses() {
    Rebuildable original = new Rebuildable("top");
    original.initCause(new IOException("disk full", new IllegalStateException("deep")));

    Throwable read = codec.read(codec.write(original));

    assertThat(read).isExactlyInstanceOf(Rebuildable.class).hasMessage("top");
    assertThat(read.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(read.getCause().getCause())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("deep");
    assertThat(read.getStackTrace()).isNotEmpty();
    assertThat(read.getStackTrace()[0].getClassName()).isEqualTo(getClass().getName());
  }

  @Test
  void retriesExceededKeepsItsLastFailureAsCause() {
    Throwable read =
        codec.read(
            codec.write(
                new DBOSMaxStepRetriesExceededException(
                    "s", 3, new IllegalArgumentException("last"))));
    assertThat(read).isExactlyInstanceOf(DBOSMaxStepRetriesExceededException.class);
    assertThat(read.getCause())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("last");
  }

  @Test
  void anExceptionThatCannotBeRebuiltBecomesADBOSExceptionNamingIt() {
    Throwable read = codec.read(codec.write(new NotRebuildable(7)));
    assertThat(read)
        .isExactlyInstanceOf(DBOSException.class)
        .hasMessage(NotRebuildable.class.getName() + ": code 7");
  }

  @Test
  void aRecordedClassNameThatIsNotAThrowableIsNeverInstantiated() {
    int before = NotAnException.CREATED.get();
    String json = "{\"className\":\"" + NotAnException.class.getName() + "\",\"message\":\"boom\"}";
    Throwable read = codec.read(json);
    assertThat(read)
        .isExactlyInstanceOf(DBOSException.class)
        .hasMessageContaining(NotAnException.class.getName())
        .hasMessageContaining("boom");
    assertThat(NotAnException.CREATED.get()).isEqualTo(before);
    assertThat(codec.read("{\"className\":\"java.lang.ProcessBuilder\",\"message\":\"x\"}"))
        .isExactlyInstanceOf(DBOSException.class);
    assertThat(codec.read("{\"className\":\"no.such.Clazz\",\"message\":\"gone\"}"))
        .isExactlyInstanceOf(DBOSException.class)
        .hasMessage("no.such.Clazz: gone");
    assertThat(codec.read("not json")).isInstanceOf(DBOSException.class);
  }
}
