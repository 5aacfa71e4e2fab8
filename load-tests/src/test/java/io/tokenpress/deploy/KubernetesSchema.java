package io.tokenpress.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks Kubernetes objects against the Kubernetes API types, offline: fabric8's model classes are
 * generated from the Kubernetes OpenAPI schema, so binding a manifest to them finds fields of the
 * wrong type (Jackson fails) and fields the schema does not have (fabric8 keeps them in
 * {@code additionalProperties}, which this check requires to be empty everywhere), and the
 * apiVersion is compared with the type's group and version. Required fields are not checked.
 */
final class KubernetesSchema {
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "Namespace", Namespace.class,
            "Service", Service.class,
            "StatefulSet", StatefulSet.class,
            "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private KubernetesSchema() {}

    /** Whether the kind is one this check knows (others, like ConfigMap or PodMonitor, are skipped by callers). */
    static boolean knows(String kind) {
        return TYPES.containsKey(kind) || "ConfigMap".equals(kind);
    }

    /**
     * The problems of one object (empty when it matches the schema).
     *
     * @param where file or document name for the messages
     */
    static List<String> problems(Map<String, Object> doc, String where) {
        List<String> problems = new ArrayList<>();
        String kind = String.valueOf(doc.get("kind"));
        Class<? extends HasMetadata> type = "ConfigMap".equals(kind)
                ? io.fabric8.kubernetes.api.model.ConfigMap.class
                : TYPES.get(kind);
        if (type == null) {
            problems.add(where + ": no schema for kind " + kind);
            return problems;
        }
        String expected = HasMetadata.getApiVersion(type);
        if (!expected.equals(doc.get("apiVersion"))) {
            problems.add(where + ": " + kind + " has apiVersion " + doc.get("apiVersion") + ", the schema's is " + expected);
        }
        Object bound;
        try {
            bound = MAPPER.convertValue(doc, type);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": does not match the " + kind + " schema: " + e.getMessage());
            return problems;
        }
        unknownFields(bound, where + ":" + kind, problems);
        return problems;
    }

    private static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof List) {
            int i = 0;
            for (Object o : (List<?>) node) {
                unknownFields(o, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
                    problems.add(path + ": fields not in the schema: " + ((Map<?, ?>) value).keySet());
                }
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                unknownFields(value, path + "." + field, problems);
            }
        }
    }
}
