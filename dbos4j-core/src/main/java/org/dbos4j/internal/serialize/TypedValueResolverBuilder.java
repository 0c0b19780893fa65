package org.dbos4j.internal.serialize;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import java.util.Collection;

/**
 * Writes the class of every non-primitive value next to it, so that a value recorded under a
 * declared type of {@code Object} (an inline step's output, say) replays with its own class, and a
 * {@code Long} does not come back as an {@code Integer}. Class names are checked against the
 * allow-list when written, so a value that could not be read back fails before it is recorded.
 */
final class TypedValueResolverBuilder extends ObjectMapper.DefaultTypeResolverBuilder {
  private static final long serialVersionUID = 1L;

  private final transient TypeAllowList allowList;

  TypedValueResolverBuilder(PolymorphicTypeValidator validator, TypeAllowList allowList) {
    super(ObjectMapper.DefaultTyping.NON_FINAL, validator);
    this.allowList = allowList;
    init(JsonTypeInfo.Id.CLASS, null);
    inclusion(JsonTypeInfo.As.WRAPPER_ARRAY);
  }

  @Override
  public boolean useForType(JavaType type) {
    return !type.isPrimitive() && !TreeNode.class.isAssignableFrom(type.getRawClass());
  }

  @Override
  protected TypeIdResolver idResolver(
      MapperConfig<?> config,
      JavaType baseType,
      PolymorphicTypeValidator subtypeValidator,
      Collection<NamedType> subtypes,
      boolean forSer,
      boolean forDeser) {
    return new CheckedClassNameIdResolver(baseType, config, subtypes, subtypeValidator, allowList);
  }

  /** Refuses to write a class name that the allow-list would refuse to read back. */
  private static final class CheckedClassNameIdResolver extends ClassNameIdResolver {
    private static final long serialVersionUID = 1L;

    private final transient TypeAllowList allowList;

    CheckedClassNameIdResolver(
        JavaType baseType,
        MapperConfig<?> config,
        Collection<NamedType> subtypes,
        PolymorphicTypeValidator validator,
        TypeAllowList allowList) {
      super(baseType, config.getTypeFactory(), subtypes, validator);
      this.allowList = allowList;
    }

    @Override
    public String idFromValue(Object value) {
      check(value.getClass());
      return super.idFromValue(value);
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> type) {
      check(type);
      return super.idFromValueAndType(value, type);
    }

    private void check(Class<?> type) {
      if (!allowList.allows(type)) {
        throw new DisallowedTypeException(type);
      }
    }
  }
}
