package dev.shipshape.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The project's modules as their POMs declare them. A module is published unless its POM sets the
 * property {@code maven.deploy.skip} to {@code true}; the root POM (the parent every module
 * inherits) is published too. Nothing here lists modules by name, so a new module is covered by
 * every check that uses this class as soon as the root POM names it.
 */
final class Modules {

  private Modules() {}

  /** One module: its folder, its parsed POM and the in-repository parent it inherits from. */
  record Module(Path directory, Element pom, Optional<Module> parent) {

    String artifactId() {
      return text(pom, "artifactId").orElseThrow();
    }

    String version() {
      return own("version").or(() -> parent.flatMap(p -> p.own("version"))).orElseThrow();
    }

    String packaging() {
      return own("packaging").orElse("jar");
    }

    boolean published() {
      return !own("properties", "maven.deploy.skip").map(v -> v.trim().equals("true")).orElse(false);
    }

    /** The value this POM declares itself, without inheritance. */
    Optional<String> own(String... path) {
      return text(pom, path);
    }

    /** The element this POM or the nearest in-repository parent declares (Maven's inheritance). */
    Optional<Element> inherited(String... path) {
      Optional<Element> mine = element(pom, path);
      return mine.isPresent() ? mine : parent.flatMap(p -> p.inherited(path));
    }

    Path pomFile() {
      return directory.resolve("pom.xml");
    }

    @Override
    public String toString() {
      return artifactId();
    }
  }

  /** The repository's root folder (the build passes it; a test run from the IDE falls back). */
  static Path root() {
    return Path.of(System.getProperty("shipshape.root", "..")).toAbsolutePath().normalize();
  }

  /** The root POM followed by every module it names, depth first, in declaration order. */
  static List<Module> all() {
    List<Module> modules = new ArrayList<>();
    collect(root(), modules);
    return modules;
  }

  /** The modules that are deployed: {@link #all()} less those that set maven.deploy.skip. */
  static List<Module> published() {
    return all().stream().filter(Module::published).toList();
  }

  /** Published modules that ship code (jar packaging). */
  static List<Module> publishedJars() {
    return published().stream().filter(m -> m.packaging().equals("jar")).toList();
  }

  private static void collect(Path directory, List<Module> into) {
    Module module = read(directory, into);
    into.add(module);
    for (Element name : children(element(module.pom(), "modules"), "module")) {
      collect(directory.resolve(name.getTextContent().trim()).normalize(), into);
    }
  }

  static Module read(Path directory, List<Module> known) {
    Element pom = parse(directory.resolve("pom.xml"));
    Optional<Module> parent = Optional.empty();
    Optional<Element> parentElement = element(pom, "parent");
    if (parentElement.isPresent()) {
      String relative = text(parentElement.get(), "relativePath").orElse("../pom.xml");
      Path parentDirectory = directory.resolve(relative).normalize().getParent();
      String artifactId = text(parentElement.get(), "artifactId").orElseThrow();
      parent =
          known.stream()
              .filter(m -> m.directory().equals(parentDirectory))
              .filter(m -> m.artifactId().equals(artifactId))
              .findFirst();
    }
    return new Module(directory, pom, parent);
  }

  static Element parse(Path pomFile) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      try (InputStream in = Files.newInputStream(pomFile)) {
        Document document = factory.newDocumentBuilder().parse(in);
        return document.getDocumentElement();
      }
    } catch (IOException | ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot read " + pomFile + ": " + e.getMessage(), e);
    }
  }

  /** The child element at {@code path} below {@code from} (direct children at each step). */
  static Optional<Element> element(Element from, String... path) {
    Element current = from;
    for (String name : path) {
      List<Element> next = children(Optional.of(current), name);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get(0);
    }
    return Optional.of(current);
  }

  /** The trimmed text at {@code path}, if the element exists and is not blank. */
  static Optional<String> text(Element from, String... path) {
    return element(from, path).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
  }

  static List<Element> children(Optional<Element> parent, String name) {
    List<Element> result = new ArrayList<>();
    if (parent.isEmpty()) {
      return result;
    }
    for (Node node = parent.get().getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element e && e.getTagName().equals(name)) {
        result.add(e);
      }
    }
    return result;
  }
}
