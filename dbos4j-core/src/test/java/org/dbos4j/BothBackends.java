package org.dbos4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every test of the class twice: against PostgreSQL, then against an SQLite file. The class's
 * {@link SystemDatabaseExtension} hands out the database of the backend being run, so a behavioural
 * test is written once for both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplate
@ExtendWith(BackendTemplate.class)
public @interface BothBackends {}
