{{- define "testenv-app.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "testenv-app.fail" -}}
{{- if . }}
helm-sdk.test/fail: "true"
{{- end }}
{{- end }}
