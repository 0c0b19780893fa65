package org.dbos4j.internal.serialize;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Jackson's gate for class names read from JSON: names the allow-list knows are accepted before the
 * class is loaded; others are loaded and then accepted only if the allow-list allows the class.
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {
  private static final long serialVersionUID = 1L;

  private final transient TypeAllowList allowList;

  AllowListTypeValidator(TypeAllowList allowList) {
    this.allowList = allowList;
  }

  @Override
  public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
    return Validity.INDETERMINATE;
  }

  @Override
  public Validity validateSubClassName(
      MapperConfig<?> config, JavaType baseType, String subClassName) {
    return allowList.allowsName(subClassName) ? Validity.ALLOWED : Validity.INDETERMINATE;
  }

  @Override
  public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
    return allowList.allows(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
  }
}
