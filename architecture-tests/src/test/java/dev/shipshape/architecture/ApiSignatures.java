package dev.shipshape.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders the public API of compiled classes as text, one line per type and per member, sorted, so
 * that a change to the API is a change of lines in a diff. The API is every public or protected
 * type (whose enclosing types are too) outside {@code internal} packages, with its public and
 * protected fields, constructors and methods; generic signatures are kept, synthetic and bridge
 * members are not.
 */
final class ApiSignatures {

  private ApiSignatures() {}

  /** The API lines of {@code classes}, types sorted by name, each followed by its members. */
  static List<String> of(JavaClasses classes) {
    List<JavaClass> types = new ArrayList<>();
    for (JavaClass type : classes) {
      if (isApi(type)) {
        types.add(type);
      }
    }
    types.sort(Comparator.comparing(JavaClass::getName));
    List<String> lines = new ArrayList<>();
    for (JavaClass type : types) {
      lines.add(declaration(type));
      // Fields, then constructors, then methods, each by name: the order a reader looks for.
      Map<String, String> members = new TreeMap<>();
      for (JavaField field : type.getFields()) {
        if (visible(field.getModifiers())) {
          String line = field(field);
          members.put("1 " + field.getName() + " " + line, line);
        }
      }
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        if (visible(unit.getModifiers()) && !unit.getName().equals("<clinit>")) {
          String line = codeUnit(type, unit);
          String order = unit instanceof JavaConstructor ? "2 " : "3 " + unit.getName() + " ";
          members.put(order + line, line);
        }
      }
      members.values().forEach(member -> lines.add("  " + member));
    }
    return lines;
  }

  static boolean isApi(JavaClass type) {
    if (type.getPackageName().contains(".internal")
        || type.getPackageName().endsWith("internal")
        || type.isAnonymousClass()
        || type.isLocalClass()
        || !visible(type.getModifiers())) {
      return false;
    }
    return type.getEnclosingClass().map(ApiSignatures::isApi).orElse(true);
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
        && !modifiers.contains(JavaModifier.SYNTHETIC)
        && !modifiers.contains(JavaModifier.BRIDGE);
  }

  private static String declaration(JavaClass type) {
    StringBuilder line = new StringBuilder(access(type.getModifiers()));
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
    } else if (type.isInterface()) {
      kind = "interface";
    } else if (type.isEnum()) {
      kind = "enum";
    } else if (type.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    if (type.isNestedClass() && type.getModifiers().contains(JavaModifier.STATIC)
        && kind.equals("class")) {
      line.append("static ");
    }
    if (kind.equals("class") && type.getModifiers().contains(JavaModifier.ABSTRACT)) {
      line.append("abstract ");
    }
    if (kind.equals("class") && type.getModifiers().contains(JavaModifier.FINAL)) {
      line.append("final ");
    }
    line.append(kind).append(' ').append(name(type.getName()));
    line.append(typeParameters(type.getTypeParameters()));
    if (kind.equals("class")) {
      type.getSuperclass()
          .map(ApiSignatures::type)
          .filter(superclass -> !superclass.equals("java.lang.Object"))
          .ifPresent(superclass -> line.append(" extends ").append(superclass));
    }
    List<String> interfaces =
        type.getInterfaces().stream()
            .map(ApiSignatures::type)
            .filter(i -> !(kind.equals("@interface") && i.equals("java.lang.annotation.Annotation")))
            .sorted()
            .toList();
    if (!interfaces.isEmpty()) {
      line.append(kind.equals("interface") ? " extends " : " implements ")
          .append(String.join(", ", interfaces));
    }
    return line.toString();
  }

  private static String field(JavaField field) {
    StringBuilder line = new StringBuilder(access(field.getModifiers()));
    if (field.getModifiers().contains(JavaModifier.STATIC)) {
      line.append("static ");
    }
    if (field.getModifiers().contains(JavaModifier.FINAL)) {
      line.append("final ");
    }
    return line.append(type(field.getType())).append(' ').append(field.getName()).toString();
  }

  private static String codeUnit(JavaClass owner, JavaCodeUnit unit) {
    Set<JavaModifier> modifiers = unit.getModifiers();
    StringBuilder line = new StringBuilder(access(modifiers));
    if (modifiers.contains(JavaModifier.STATIC)) {
      line.append("static ");
    }
    if (owner.isInterface() && !modifiers.contains(JavaModifier.ABSTRACT)
        && !modifiers.contains(JavaModifier.STATIC)) {
      line.append("default ");
    }
    if (!owner.isInterface() && modifiers.contains(JavaModifier.ABSTRACT)) {
      line.append("abstract ");
    }
    if (modifiers.contains(JavaModifier.FINAL)) {
      line.append("final ");
    }
    if (modifiers.contains(JavaModifier.SYNCHRONIZED)) {
      line.append("synchronized ");
    }
    String typeParameters = typeParameters(unit.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters.substring(1)).append(' ');
    }
    if (unit instanceof JavaConstructor) {
      line.append(name(owner.getName()));
    } else {
      line.append(type(unit.getReturnType())).append(' ').append(unit.getName());
    }
    line.append(
        unit.getParameterTypes().stream()
            .map(ApiSignatures::type)
            .collect(Collectors.joining(", ", "(", ")")));
    List<String> thrown = new ArrayList<>();
    for (ThrowsDeclaration<?> declaration : unit.getThrowsClause()) {
      thrown.add(name(declaration.getRawType().getName()));
    }
    if (!thrown.isEmpty()) {
      thrown.sort(null);
      line.append(" throws ").append(String.join(", ", thrown));
    }
    return line.toString();
  }

  private static String access(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) ? "public " : "protected ";
  }

  private static String typeParameters(List<? extends JavaTypeVariable<?>> parameters) {
    if (parameters.isEmpty()) {
      return "";
    }
    return parameters.stream()
        .map(ApiSignatures::typeVariable)
        .collect(Collectors.joining(", ", " <", ">"));
  }

  private static String typeVariable(JavaTypeVariable<?> variable) {
    List<String> bounds =
        variable.getUpperBounds().stream()
            .map(ApiSignatures::type)
            .filter(bound -> !bound.equals("java.lang.Object"))
            .toList();
    return bounds.isEmpty()
        ? variable.getName()
        : variable.getName() + " extends " + String.join(" & ", bounds);
  }

  /** A type as source would spell it: nested types with dots, generics kept. */
  static String type(JavaType type) {
    if (type instanceof JavaClass javaClass && javaClass.isArray()) {
      return type(javaClass.getComponentType()) + "[]";
    }
    return name(type.getName());
  }

  private static String name(String binaryName) {
    return binaryName.replace('$', '.');
  }
}
