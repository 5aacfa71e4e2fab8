package io.tokenpress.deploy;

import static io.tokenpress.deploy.DeployFiles.at;
import static io.tokenpress.deploy.DeployFiles.list;
import static io.tokenpress.deploy.DeployFiles.map;
import static io.tokenpress.deploy.DeployFiles.onlyContainer;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.ops.OpsHttpServer;
import io.tokenpress.processor.config.TokenpressConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests (kustomize bases): every file parses and is referenced, the processor is a
 * StatefulSet with resource requests, probes on the ops server's paths, its configuration from a
 * ConfigMap and a volume per pod; the CUDA overlay selects GPU nodes and asks for a GPU. The objects
 * are checked against the Kubernetes API types offline ({@link KubernetesSchema}); {@code kubectl
 * kustomize} renders the variants where kubectl is installed (kubectl's own validation needs an API
 * server).
 */
class KubernetesManifestsTest {
    private static final List<String> KUSTOMIZATIONS = List.of("k8s/base", "k8s/cuda", "k8s/prometheus-operator");

    @Test
    void everyFileParsesAndEveryReferencedFileExists() throws Exception {
        for (String k : KUSTOMIZATIONS) {
            Path dir = DeployFiles.deploy(k);
            Map<String, Object> kust = DeployFiles.yaml(dir.resolve("kustomization.yaml"));
            assertThat(kust.get("kind")).isEqualTo("Kustomization");
            for (String ref : references(kust)) {
                Path file = dir.resolve(ref);
                assertThat(file).as(k + " references " + ref).exists();
                if (Files.isRegularFile(file) && ref.endsWith(".yaml")) {
                    for (Map<String, Object> doc : DeployFiles.yamlDocuments(file)) {
                        assertThat(doc).as(ref).containsKeys("apiVersion", "kind", "metadata");
                        assertThat(map(doc.get("metadata"), ref)).containsKey("name");
                    }
                }
            }
        }
    }

    @Test
    void manifestsMatchTheKubernetesSchema() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String k : List.of("k8s/base", "k8s/cuda")) {
            Path dir = DeployFiles.deploy(k);
            for (String ref : references(DeployFiles.yaml(dir.resolve("kustomization.yaml")))) {
                Path file = dir.resolve(ref);
                if (!Files.isRegularFile(file) || !ref.endsWith(".yaml")) {
                    continue;
                }
                for (Map<String, Object> doc : DeployFiles.yamlDocuments(file)) {
                    problems.addAll(KubernetesSchema.problems(doc, k + "/" + ref));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(6);
        assertThat(problems).isEmpty();
    }

    @Test
    void schemaCheckFindsMisspelledAndMistypedFields() throws Exception {
        Map<String, Object> sts = DeployFiles.yaml(DeployFiles.deploy("k8s/base/processor-statefulset.yaml"));
        Map<String, Object> container = onlyContainer(sts);
        container.put("readinesProbe", container.remove("readinessProbe"));
        assertThat(KubernetesSchema.problems(sts, "typo")).singleElement().asString()
                .contains("fields not in the schema: [readinesProbe]");

        Map<String, Object> again = DeployFiles.yaml(DeployFiles.deploy("k8s/base/processor-statefulset.yaml"));
        map(again.get("spec"), "spec").put("replicas", "three");
        assertThat(KubernetesSchema.problems(again, "type")).singleElement().asString().contains("does not match the StatefulSet schema");

        Map<String, Object> pdb = DeployFiles.yaml(DeployFiles.deploy("k8s/base/processor-pdb.yaml"));
        pdb.put("apiVersion", "policy/v1beta1");
        assertThat(KubernetesSchema.problems(pdb, "version")).singleElement().asString().contains("the schema's is policy/v1");
    }

    @Test
    void processorIsAStatefulSetWithProbesResourcesConfigAndState() throws Exception {
        Map<String, Object> sts = DeployFiles.yaml(DeployFiles.deploy("k8s/base/processor-statefulset.yaml"));
        assertThat(sts.get("kind")).isEqualTo("StatefulSet");
        Object name = at(sts, "spec", "template", "metadata", "labels", "app.kubernetes.io/name");
        assertThat(at(sts, "spec", "selector", "matchLabels")).isEqualTo(Map.of("app.kubernetes.io/name", name));
        Map<String, Object> c = onlyContainer(sts);

        assertThat(list(c.get("args"), "args").subList(0, 3)).containsExactly("run", "--config", "/etc/tokenpress/tokenpress.properties");
        assertThat(map(at(c, "resources", "requests"), "requests")).containsKeys("cpu", "memory");
        assertThat(at(c, "ports", 0, "containerPort")).isEqualTo(OpsHttpServer.DEFAULT_PORT);
        String port = String.valueOf(at(c, "ports", 0, "name"));
        assertThat(at(c, "livenessProbe", "httpGet", "path")).isEqualTo(OpsHttpServer.LIVE_PATH);
        assertThat(at(c, "startupProbe", "httpGet", "path")).isEqualTo(OpsHttpServer.LIVE_PATH);
        assertThat(at(c, "readinessProbe", "httpGet", "path")).isEqualTo(OpsHttpServer.READY_PATH);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(c, probe, "httpGet", "port")).as(probe).isEqualTo(port);
        }
        assertThat(at(sts, "spec", "template", "metadata", "annotations", "prometheus.io/path")).isEqualTo(OpsHttpServer.METRICS_PATH);

        // the state volume is a claim per pod, mounted where the configuration puts the state stores
        String claim = String.valueOf(at(sts, "spec", "volumeClaimTemplates", 0, "metadata", "name"));
        Map<String, String> mounts = new HashMap<>();
        for (Object m : list(c.get("volumeMounts"), "volumeMounts")) {
            mounts.put(String.valueOf(map(m, "mount").get("name")), String.valueOf(map(m, "mount").get("mountPath")));
        }
        Map<String, Object> props = DeployFiles.properties(DeployFiles.deploy("k8s/base/tokenpress.properties"));
        assertThat(mounts.get(claim)).isEqualTo(props.get(TokenpressConfig.STATE_DIR_CONFIG));

        // the configuration comes from the ConfigMap the kustomization generates
        Map<String, Object> configVolume = map(at(sts, "spec", "template", "spec", "volumes", 0), "volume");
        assertThat(mounts.get(String.valueOf(configVolume.get("name")))).isEqualTo("/etc/tokenpress");
        Map<String, Object> kust = DeployFiles.yaml(DeployFiles.deploy("k8s/base/kustomization.yaml"));
        assertThat(list(kust.get("configMapGenerator"), "configMapGenerator"))
                .extracting(g -> map(g, "generator").get("name")).contains(at(configVolume, "configMap", "name"));
    }

    @Test
    void configMapsHoldValidTokenpressConfigurations() throws Exception {
        for (String f : List.of("k8s/base/tokenpress.properties", "k8s/base/replay.properties", "k8s/cuda/tokenpress.properties")) {
            Map<String, Object> props = DeployFiles.properties(DeployFiles.deploy(f));
            TokenpressConfig config = new TokenpressConfig(props);
            assertThat(config.wantsEmbeddedBroker()).as(f).isFalse();
            assertThat(props).containsEntry("processing.guarantee", "exactly_once_v2").containsKey("replication.factor");
        }
        assertThat(DeployFiles.properties(DeployFiles.deploy("k8s/base/tokenpress.properties")))
                .containsEntry("num.standby.replicas", "1");
        assertThat(DeployFiles.properties(DeployFiles.deploy("k8s/cuda/tokenpress.properties")))
                .containsEntry(TokenpressConfig.CODEC_CONFIG, "neural");
    }

    @Test
    void cudaOverlaySelectsGpuNodesAndRequestsAGpu() throws Exception {
        Map<String, Object> patch = DeployFiles.yaml(DeployFiles.deploy("k8s/cuda/processor-gpu.yaml"));
        Map<String, Object> pod = map(at(patch, "spec", "template", "spec"), "pod spec");
        assertThat(map(pod.get("nodeSelector"), "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(list(pod.get("tolerations"), "tolerations")).extracting(t -> map(t, "toleration").get("key")).contains("nvidia.com/gpu");
        Map<String, Object> c = map(list(pod.get("containers"), "containers").get(0), "container");
        assertThat(String.valueOf(c.get("image"))).endsWith("-cuda");
        assertThat(at(c, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
    }

    @Test
    void kubectlKustomizeRendersEveryVariantWhereKubectlIsInstalled() throws Exception {
        for (String k : KUSTOMIZATIONS) {
            DeployFiles.Result r = DeployFiles.runTool(List.of("kubectl", "kustomize", "deploy/" + k));
            assertThat(r.exitCode()).as(k + ": " + r.output()).isZero();
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(new StringReader(r.output()))) {
                docs.add(map(d, k));
            }
            assertThat(docs).as(k).isNotEmpty();
            for (Map<String, Object> d : docs) {
                if (KubernetesSchema.knows(String.valueOf(d.get("kind")))) {
                    assertThat(KubernetesSchema.problems(d, k + " rendered")).isEmpty();
                }
            }
            if (k.equals("k8s/cuda")) {
                Map<String, Object> sts = docs.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).findFirst().orElseThrow();
                Map<String, Object> c = onlyContainer(sts);
                // the patch merged into the base container: GPU image and limits, base probes kept
                assertThat(c.get("image")).isEqualTo("tokenpress:0.1.0-cuda");
                assertThat(at(c, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
                assertThat(at(c, "readinessProbe", "httpGet", "path")).isEqualTo(OpsHttpServer.READY_PATH);
                Map<String, Object> cm = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))
                        && String.valueOf(at(d, "metadata", "name")).startsWith("tokenpress-config")).findFirst().orElseThrow();
                Properties p = new Properties();
                p.load(new StringReader(String.valueOf(at(cm, "data", "tokenpress.properties"))));
                assertThat(p.getProperty("codec")).isEqualTo("neural");
                assertThat(String.valueOf(at(sts, "spec", "template", "spec", "volumes", 0, "configMap", "name")))
                        .isEqualTo(at(cm, "metadata", "name"));
            }
        }
    }

    private static List<String> references(Map<String, Object> kust) {
        List<String> refs = new ArrayList<>();
        for (Object r : kust.containsKey("resources") ? list(kust.get("resources"), "resources") : List.of()) {
            refs.add(String.valueOf(r));
        }
        for (Object p : kust.containsKey("patches") ? list(kust.get("patches"), "patches") : List.of()) {
            refs.add(String.valueOf(map(p, "patch").get("path")));
        }
        for (Object g : kust.containsKey("configMapGenerator") ? list(kust.get("configMapGenerator"), "configMapGenerator") : List.of()) {
            for (Object f : list(map(g, "generator").get("files"), "files")) {
                String s = String.valueOf(f);
                refs.add(s.contains("=") ? s.substring(s.indexOf('=') + 1) : s);
            }
        }
        return refs;
    }
}
