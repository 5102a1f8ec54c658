# Certificates and the kubeconfig of scripts/local-cluster (sourced).

issue_cert() {  # issue_cert NAME SUBJECT [SANS]
  local name="$1" subject="$2" sans="${3:-}"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$PKI_DIR/$name.key" \
    -out "$PKI_DIR/$name.csr" -subj "$subject" 2>/dev/null
  {
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [[ -n "$sans" ]] && echo "subjectAltName=$sans"
  } >"$PKI_DIR/$name.ext"
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" -CAcreateserial \
    -days 365 -extfile "$PKI_DIR/$name.ext" -out "$PKI_DIR/$name.crt" 2>/dev/null
  rm -f "$PKI_DIR/$name.csr" "$PKI_DIR/$name.ext"
}

# APISERVER_EXTRA_SANS (",IP:..,DNS:.." or empty) adds names to the API server's certificate;
# KUBECONFIG_CONTEXT names the kubeconfig's cluster and context (the embedded image's is "default", as K3s').
make_pki() {
  local context="${KUBECONFIG_CONTEXT:-redis-ha-junit-local}"
  mkdir -p "$PKI_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.crt" -subj "/CN=redis-ha-junit-local-cluster-ca" 2>/dev/null
  issue_cert apiserver "/CN=kube-apiserver" \
    "IP:$NODE_IP,IP:$KUBERNETES_SERVICE_IP,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN${APISERVER_EXTRA_SANS:-}"
  issue_cert admin "/O=system:masters/CN=kubernetes-admin"
  issue_cert kubelet "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME"
  openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  chmod 0600 "$PKI_DIR"/*.key
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $context
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority-data: $(base64 -w0 "$PKI_DIR/ca.crt")
users:
  - name: admin
    user:
      client-certificate-data: $(base64 -w0 "$PKI_DIR/admin.crt")
      client-key-data: $(base64 -w0 "$PKI_DIR/admin.key")
contexts:
  - name: $context
    context:
      cluster: $context
      user: admin
current-context: $context
EOF
  chmod 0600 "$KUBECONFIG_FILE"
}
