{{- define "lifecycle.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "lifecycle.fail" -}}
{{- if . }}
helm-sdk.test/fail: "true"
{{- end }}
{{- end }}
