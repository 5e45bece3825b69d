package org.microconversions.storefront;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/getting-started.md shows the pom and server.xml of src/it/getting-started, the shop that
 * maven-invoker-plugin builds and runs on Liberty in {@code verify}: the guide's snippets must be
 * exactly those files' parts, so that the guide cannot drift from what the build proves.
 */
class GettingStartedDocTest {

    private static final Path GUIDE = Path.of("..", "docs", "getting-started.md").toAbsolutePath().normalize();
    private static final Path SHOP = Path.of("src", "it", "getting-started").toAbsolutePath();

    @Test
    void guideShowsTheDependenciesAndThePluginOfTheBuiltShop() throws IOException {
        String pom = Files.readString(SHOP.resolve("pom.xml"), StandardCharsets.UTF_8)
                .replace("@project.version@", System.getProperty("project.version", "0.1.0-SNAPSHOT"));
        List<String> blocks = xmlBlocks();

        String dependencies = section(pom, "dependencies");
        String plugin = section(pom, "plugin");
        assertThat(dependencies).contains("<artifactId>liberty-config</artifactId>", "<type>xml</type>");
        assertThat(plugin).contains("<copyDependencies>");
        assertThat(blocks).as("xml blocks of %s", GUIDE).contains(dependencies, plugin);
    }

    @Test
    void guideShowsTheServerXmlOfTheBuiltShop() throws IOException {
        String serverXml = Files.readString(SHOP.resolve("src/main/liberty/config/server.xml"), StandardCharsets.UTF_8)
                .replaceFirst("^<\\?xml[^>]*\\?>\\n", "").stripTrailing();
        assertThat(xmlBlocks()).contains(serverXml);
    }

    @Test
    void guideTellsHowToGetTheSnapshotArtifacts() throws IOException {
        assertThat(Files.readString(GUIDE, StandardCharsets.UTF_8)).contains("./mvnw -B install -DskipTests");
    }

    /** The part of the pom between {@code <!-- getting-started:NAME -->} and the next end marker, unindented. */
    private static String section(String pom, String name) {
        Matcher m = Pattern
                .compile("(?s)\\n[ ]*<!-- getting-started:" + name + " -->\\n(.*?)\\n[ ]*<!-- getting-started:end -->")
                .matcher(pom);
        assertThat(m.find()).as("markers getting-started:%s in the pom", name).isTrue();
        List<String> lines = m.group(1).lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static List<String> xmlBlocks() throws IOException {
        Matcher m = Pattern.compile("(?s)```xml\\n(.*?)\\n```")
                .matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
