<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Gateway not started</source>
        <translation>Gateway nicht gestartet</translation>
    </message>
</context>
<context>
    <name>ui::AboutDialog</name>
    <message>
        <source>Quick start</source>
        <translation>Schnellstart</translation>
    </message>
    <message>
        <source>The console</source>
        <translation>Die Konsole</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>The request log</source>
        <translation>Das Anfrageprotokoll</translation>
    </message>
    <message>
        <source>About Switchboard</source>
        <translation>Über Switchboard</translation>
    </message>
    <message>
        <source>An AI gateway for your machine, and its console.</source>
        <translation>Ein KI-Gateway für Ihren Rechner und seine Konsole.</translation>
    </message>
    <message>
        <source>Licence: MIT</source>
        <translation>Lizenz: MIT</translation>
    </message>
    <message>
        <source>Built with Qt %1</source>
        <translation>Erstellt mit Qt %1</translation>
    </message>
    <message>
        <source>Read me: %1</source>
        <translation>Lies mich: %1</translation>
    </message>
</context>
<context>
    <name>ui::AttemptText</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no error</source>
        <translation>kein Fehler</translation>
    </message>
    <message>
        <source>connection refused or failed</source>
        <translation>Verbindung abgelehnt oder fehlgeschlagen</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>Verbindung zurückgesetzt</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
    <message>
        <source>backend rejected its key</source>
        <translation>Backend hat seinen Schlüssel abgelehnt</translation>
    </message>
    <message>
        <source>rate limited (HTTP 429)</source>
        <translation>Ratenlimit erreicht (HTTP 429)</translation>
    </message>
    <message>
        <source>HTTP error</source>
        <translation>HTTP-Fehler</translation>
    </message>
    <message>
        <source>not a valid HTTP answer</source>
        <translation>keine gültige HTTP-Antwort</translation>
    </message>
    <message>
        <source>answer too large</source>
        <translation>Antwort zu groß</translation>
    </message>
    <message>
        <source>client went away</source>
        <translation>Client hat die Verbindung beendet</translation>
    </message>
    <message>
        <source>HTTP %1 (%2)</source>
        <translation>HTTP %1 (%2)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 ✓ (%2)</source>
        <comment>target, check mark, duration</comment>
        <translation>%1 ✓ (%2)</translation>
    </message>
    <message>
        <source>%1 ✗ %2 (%3)</source>
        <comment>target, cross, cause, duration</comment>
        <translation>%1 ✗ %2 (%3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>target: cause</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No target answered: %1</source>
        <translation>Kein Ziel hat geantwortet: %1</translation>
    </message>
    <message>
        <source>Answered by %1</source>
        <translation>Beantwortet von %1</translation>
    </message>
    <message>
        <source>Answered by %1 after %2</source>
        <translation>Beantwortet von %1 nach %2</translation>
    </message>
</context>
<context>
    <name>ui::BackendDialog</name>
    <message>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Add backend</source>
        <translation>Backend hinzufügen</translation>
    </message>
    <message>
        <source>Edit backend</source>
        <translation>Backend bearbeiten</translation>
    </message>
    <message>
        <source>Choose a server…</source>
        <translation>Server auswählen…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Typ:</translation>
    </message>
    <message>
        <source>Connection test failed: %1</source>
        <translation>Verbindungstest fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Test connection (%1 models, %2 ms)</source>
        <translation>Verbindung testen (%1 Modelle, %2 ms)</translation>
    </message>
    <message>
        <source>Give the backend a name.</source>
        <translation>Geben Sie dem Backend einen Namen.</translation>
    </message>
    <message>
        <source>Another backend is already named "%1".</source>
        <translation>Es gibt bereits ein Backend namens „%1“.</translation>
    </message>
    <message>
        <source>The environment variable %1 is not set for this console: set it and restart Switchboard.</source>
        <translation>Die Umgebungsvariable %1 ist für diese Konsole nicht gesetzt: Setzen Sie sie und starten Sie Switchboard neu.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <source>Stored in the system keychain</source>
        <translation>Im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>Read from an environment variable</source>
        <translation>Aus einer Umgebungsvariablen gelesen</translation>
    </message>
    <message>
        <source>None (the server needs no key)</source>
        <translation>Keiner (der Server braucht keinen Schlüssel)</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Paste the API key</source>
        <translation>API-Schlüssel einfügen</translation>
    </message>
    <message>
        <source>Stored in the keychain; type a new key to replace it</source>
        <translation>Im Schlüsselbund gespeichert; zum Ersetzen einen neuen Schlüssel eingeben</translation>
    </message>
    <message>
        <source>The key goes to the system keychain (entry "%1" of service "switchboard"); the config holds only a reference to it. It is never shown again.</source>
        <translation>Der Schlüssel kommt in den Schlüsselbund des Systems (Eintrag "%1" des Dienstes "switchboard"); die Konfiguration enthält nur einen Verweis darauf. Er wird nie wieder angezeigt.</translation>
    </message>
    <message>
        <source>Variable:</source>
        <translation>Variable:</translation>
    </message>
    <message>
        <source>The key itself is never stored in the config: the gateway reads it from this environment variable when it starts.</source>
        <translation>Der Schlüssel selbst steht nie in der Konfiguration: Das Gateway liest ihn beim Start aus dieser Umgebungsvariablen.</translation>
    </message>
    <message>
        <source>No Authorization header is sent (Ollama, LM Studio, vLLM and llama.cpp need none by default).</source>
        <translation>Es wird kein Authorization-Header gesendet (Ollama, LM Studio, vLLM und llama.cpp brauchen standardmäßig keinen).</translation>
    </message>
    <message>
        <source>Name the environment variable that holds the key.</source>
        <translation>Nennen Sie die Umgebungsvariable, die den Schlüssel enthält.</translation>
    </message>
    <message>
        <source>The variable field takes the NAME of an environment variable (letters, digits, _), not the key itself.</source>
        <translation>Das Feld „Variable“ nimmt den NAMEN einer Umgebungsvariablen (Buchstaben, Ziffern, _), nicht den Schlüssel selbst.</translation>
    </message>
    <message>
        <source>Paste the API key, or choose another key source.</source>
        <translation>Fügen Sie den API-Schlüssel ein oder wählen Sie eine andere Schlüsselquelle.</translation>
    </message>
    <message>
        <source>Give the backend a name with at least one letter or digit.</source>
        <translation>Geben Sie dem Backend einen Namen mit mindestens einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>Another backend keeps its key in the keychain entry "%1": give this backend another name.</source>
        <translation>Ein anderes Backend bewahrt seinen Schlüssel im Schlüsselbund-Eintrag "%1" auf: Geben Sie diesem Backend einen anderen Namen.</translation>
    </message>
    <message>
        <source>Models the server lists:</source>
        <translation>Modelle, die der Server anbietet:</translation>
    </message>
    <message>
        <source>Letters, digits, '.', '_' and '-'. Aliases name their targets as backend/model.</source>
        <translation>Buchstaben, Ziffern, '.', '_' und '-'. Aliasse geben ihre Ziele als backend/model an.</translation>
    </message>
    <message>
        <source>Use only letters, digits, '.', '_' and '-' (targets are written backend/model: no '/', no spaces).</source>
        <translation>Nur Buchstaben, Ziffern, '.', '_' und '-' verwenden (Ziele werden als backend/model geschrieben: kein '/', keine Leerzeichen).</translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation>OpenAI-kompatibel</translation>
    </message>
    <message>
        <source>Built-in mock</source>
        <translation>Eingebauter Mock</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>API version:</source>
        <translation>API-Version:</translation>
    </message>
    <message>
        <source>Sign-in:</source>
        <translation>Anmeldung:</translation>
    </message>
    <message>
        <source>Deployments:</source>
        <translation>Bereitstellungen:</translation>
    </message>
    <message>
        <source>Drop fields:</source>
        <translation>Felder weglassen:</translation>
    </message>
    <message>
        <source>API key (api-key header)</source>
        <translation>API-Schlüssel (Header api-key)</translation>
    </message>
    <message>
        <source>Microsoft Entra ID token</source>
        <translation>Microsoft Entra ID-Token</translation>
    </message>
    <message>
        <source>Empty: the v1 API</source>
        <translation>Leer: die v1-API</translation>
    </message>
    <message>
        <source>With a version such as 2024-10-21, calls go to /openai/deployments/…?api-version=; without one, to the v1 API (/openai/v1/…).</source>
        <translation>Mit einer Version wie 2024-10-21 gehen die Aufrufe an /openai/deployments/…?api-version=; ohne Version an die v1-API (/openai/v1/…).</translation>
    </message>
    <message>
        <source>The deployment that serves each model clients ask for, as model=deployment, separated by commas. A model not listed is taken as a deployment's name.</source>
        <translation>Die Bereitstellung, die jedes von Clients angefragte Modell bedient, als Modell=Bereitstellung, durch Kommas getrennt. Ein nicht aufgeführtes Modell gilt als Name einer Bereitstellung.</translation>
    </message>
    <message>
        <source>The anthropic-version header sent with every call.</source>
        <translation>Der Header anthropic-version, der mit jedem Aufruf gesendet wird.</translation>
    </message>
    <message>
        <source>e.g. logit_bias, seed</source>
        <translation>z. B. logit_bias, seed</translation>
    </message>
    <message>
        <source>Request fields removed before sending, for servers that refuse fields they do not know. Separate them with commas.</source>
        <translation>Felder, die vor dem Senden aus der Anfrage entfernt werden, für Server, die unbekannte Felder ablehnen. Durch Kommas trennen.</translation>
    </message>
    <message>
        <source>Test connection (the first %1 models, %2 ms)</source>
        <translation>Verbindung testen (die ersten %1 Modelle, %2 ms)</translation>
    </message>
    <message>
        <source>AWS keys:</source>
        <translation>AWS-Schlüssel:</translation>
    </message>
    <message>
        <source>Access key ID:</source>
        <translation>Zugriffsschlüssel-ID:</translation>
    </message>
    <message>
        <source>Secret access key:</source>
        <translation>Geheimer Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Session token:</source>
        <translation>Sitzungstoken:</translation>
    </message>
    <message>
        <source>Optional: for temporary credentials</source>
        <translation>Optional: für temporäre Anmeldedaten</translation>
    </message>
    <message>
        <source>Optional, e.g. AWS_SESSION_TOKEN</source>
        <translation>Optional, z. B. AWS_SESSION_TOKEN</translation>
    </message>
    <message>
        <source>Leave it empty for the provider's public endpoint, %1.</source>
        <translation>Leer lassen für den öffentlichen Endpunkt des Anbieters, %1.</translation>
    </message>
    <message>
        <source>Bedrock cannot list models: the first request through the gateway shows whether the region and keys work.</source>
        <translation>Bedrock kann keine Modelle auflisten: Erst die erste Anfrage über das Gateway zeigt, ob Region und Schlüssel stimmen.</translation>
    </message>
    <message>
        <source>Models the resource can deploy:</source>
        <translation>Modelle, die die Ressource bereitstellen kann:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>The keys go to the system keychain (entries %1 of service "switchboard"); the config holds only references to them. They are never shown again.</source>
        <translation>Die Schlüssel kommen in den Schlüsselbund des Systems (Einträge %1 des Dienstes "switchboard"); die Konfiguration enthält nur Verweise darauf. Sie werden nie wieder angezeigt.</translation>
    </message>
    <message>
        <source>The keys themselves are never stored in the config: the gateway reads them from these environment variables when it starts.</source>
        <translation>Die Schlüssel selbst stehen nie in der Konfiguration: Das Gateway liest sie beim Start aus diesen Umgebungsvariablen.</translation>
    </message>
    <message>
        <source>No key is sent: for a server or a proxy that needs none.</source>
        <translation>Es wird kein Schlüssel gesendet: für einen Server oder Proxy, der keinen braucht.</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// URL with a host and no query, e.g. %1.</source>
        <translation>Die Basis-URL muss eine http://- oder https://-URL mit Host und ohne Query sein, z. B. %1.</translation>
    </message>
    <message>
        <source>Write an AWS region such as us-east-1 or eu-central-1.</source>
        <translation>Geben Sie eine AWS-Region wie us-east-1 oder eu-central-1 an.</translation>
    </message>
    <message>
        <source>Write each as model=deployment, separated by commas.</source>
        <translation>Schreiben Sie jeden Eintrag als Modell=Bereitstellung, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>"model" and "messages" cannot be dropped.</source>
        <translation>"model" und "messages" können nicht weggelassen werden.</translation>
    </message>
    <message>
        <source>Paste the key, or choose another key source.</source>
        <translation>Fügen Sie den Schlüssel ein oder wählen Sie eine andere Schlüsselquelle.</translation>
    </message>
</context>
<context>
    <name>ui::BackendProbe</name>
    <message>
        <source>HTTP %1%2</source>
        <translation>HTTP %1%2</translation>
    </message>
    <message>
        <source> (check the API key)</source>
        <translation> (API-Schlüssel prüfen)</translation>
    </message>
    <message>
        <source>the server answered but listed no models</source>
        <translation>der Server hat geantwortet, aber keine Modelle aufgeführt</translation>
    </message>
    <message>
        <source>The request for the model list could not be built.</source>
        <translation>Die Anfrage nach der Modellliste konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Amazon Bedrock's runtime endpoint cannot list models, so there is nothing to test here. The first request through the gateway shows whether the region and keys work.</source>
        <translation>Der Laufzeit-Endpunkt von Amazon Bedrock kann keine Modelle auflisten, daher gibt es hier nichts zu testen. Erst die erste Anfrage über das Gateway zeigt, ob Region und Schlüssel stimmen.</translation>
    </message>
    <message>
        <source>the model list is larger than %1 MiB and was not read</source>
        <translation>die Modellliste ist größer als %1 MiB und wurde nicht gelesen</translation>
    </message>
    <message>
        <source>the answer is not JSON (%1): is the base URL right?</source>
        <translation>die Antwort ist kein JSON (%1): Stimmt die Basis-URL?</translation>
    </message>
    <message>
        <source>the answer holds no model list (no "%1" array): is the base URL right?</source>
        <translation>die Antwort enthält keine Modellliste (kein Array "%1"): Stimmt die Basis-URL?</translation>
    </message>
</context>
<context>
    <name>ui::BackendsPage</name>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <source>reachable (%1 ms, %2 models)</source>
        <translation>erreichbar (%1 ms, %2 Modelle)</translation>
    </message>
    <message>
        <source>answering with errors: %1</source>
        <translation>antwortet mit Fehlern: %1</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>in-process</source>
        <translation>im Prozess</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Remove backend</source>
        <translation>Backend entfernen</translation>
    </message>
    <message>
        <source>Remove the backend "%1"?</source>
        <translation>Das Backend „%1“ entfernen?</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Nicht entfernt: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Requests (5 min)</source>
        <translation>Anfragen (5 Min.)</translation>
    </message>
    <message>
        <source>Avg latency (5 min)</source>
        <translation>Ø Latenz (5 Min.)</translation>
    </message>
    <message>
        <source>Last error (5 min)</source>
        <translation>Letzter Fehler (5 Min.)</translation>
    </message>
    <message>
        <source>Add backend…</source>
        <translation>Backend hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Test connections</source>
        <translation>Verbindungen testen</translation>
    </message>
    <message>
        <source>The key could not be stored in the keychain: %1. Choose "Read from an environment variable" instead.</source>
        <translation>Der Schlüssel konnte nicht im Schlüsselbund gespeichert werden: %1. Wählen Sie stattdessen "Aus einer Umgebungsvariablen gelesen".</translation>
    </message>
    <message>
        <source>The key of the removed backend is still in the keychain (%1): %2</source>
        <translation>Der Schlüssel des entfernten Backends ist noch im Schlüsselbund (%1): %2</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <comment>error, time</comment>
        <translation>%1 um %2</translation>
    </message>
    <message>
        <source>The upstream servers the gateway calls, and whether they answer.</source>
        <translation>Die Upstream-Server, die das Gateway aufruft, und ob sie antworten.</translation>
    </message>
    <message>
        <source>Not probed yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <source>The built-in mock answers in the gateway's own process.</source>
        <translation>Das eingebaute Mock-Backend antwortet im Prozess des Gateways selbst.</translation>
    </message>
    <message>
        <source>It answered the request for its model list.</source>
        <translation>Es hat die Abfrage seiner Modellliste beantwortet.</translation>
    </message>
    <message>
        <source>A call to it failed in the last five minutes: %1.</source>
        <translation>In den letzten fünf Minuten ist ein Aufruf fehlgeschlagen: %1.</translation>
    </message>
    <message>
        <source>Select a backend first.</source>
        <translation>Wählen Sie zuerst ein Backend aus.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <comment>alias → backend/model</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>The backend "%1" is a target of these aliases:</source>
        <translation>Das Backend „%1“ ist Ziel dieser Aliasse:</translation>
    </message>
    <message>
        <source>Removing the backend removes these targets too.</source>
        <translation>Mit dem Backend werden auch diese Ziele entfernt.</translation>
    </message>
    <message>
        <source>Left with no target, these aliases are removed as well: %1.</source>
        <translation>Diese Aliasse hätten dann kein Ziel mehr und werden ebenfalls entfernt: %1.</translation>
    </message>
    <message>
        <source>Remove backend and targets</source>
        <translation>Backend und Ziele entfernen</translation>
    </message>
    <message>
        <source>Remove backend, targets and aliases</source>
        <translation>Backend, Ziele und Aliasse entfernen</translation>
    </message>
    <message>
        <source>Connect a server that runs models</source>
        <translation>Einen Server verbinden, der Modelle ausführt</translation>
    </message>
    <message>
        <source>Connect a model server</source>
        <translation>Einen Modellserver verbinden</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>A backend is a server that runs models: OpenAI, Anthropic, Google Gemini, Azure OpenAI, Amazon Bedrock, Mistral, Groq, Ollama, LM Studio, vLLM, llama.cpp or any other OpenAI-compatible API. Add one, then give its models the names clients ask for on the Models page.</source>
        <translation>Ein Backend ist ein Server, der Modelle ausführt: OpenAI, Anthropic, Google Gemini, Azure OpenAI, Amazon Bedrock, Mistral, Groq, Ollama, LM Studio, vLLM, llama.cpp oder jede andere OpenAI-kompatible API. Fügen Sie eines hinzu und geben Sie seinen Modellen dann auf der Seite „Modelle“ die Namen, nach denen Clients fragen.</translation>
    </message>
</context>
<context>
    <name>ui::ChartCard</name>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
</context>
<context>
    <name>ui::ConfigErrorText</name>
    <message>
        <source>A backend without a name</source>
        <translation>Ein Backend ohne Namen</translation>
    </message>
    <message>
        <source>Backend "%1"</source>
        <translation>Backend „%1“</translation>
    </message>
    <message>
        <source>An alias without a name</source>
        <translation>Ein Alias ohne Namen</translation>
    </message>
    <message>
        <source>Alias "%1"</source>
        <translation>Alias „%1“</translation>
    </message>
    <message>
        <source>%1, target %2</source>
        <comment>alias, target number</comment>
        <translation>%1, Ziel %2</translation>
    </message>
    <message>
        <source>%1, target %2 (%3)</source>
        <comment>alias, target number, backend/model</comment>
        <translation>%1, Ziel %2 (%3)</translation>
    </message>
    <message>
        <source>no backend is named "%1"</source>
        <translation>es gibt kein Backend namens „%1“</translation>
    </message>
    <message>
        <source>another backend has this name too</source>
        <translation>ein anderes Backend trägt denselben Namen</translation>
    </message>
    <message>
        <source>another alias has this name too</source>
        <translation>ein anderer Alias trägt denselben Namen</translation>
    </message>
    <message>
        <source>has no target: add one, or remove the alias</source>
        <translation>hat kein Ziel: Fügen Sie eines hinzu oder entfernen Sie den Alias</translation>
    </message>
    <message>
        <source>the upstream model is empty</source>
        <translation>das Upstream-Modell ist leer</translation>
    </message>
    <message>
        <source>no backend is chosen</source>
        <translation>kein Backend ausgewählt</translation>
    </message>
    <message>
        <source>the alias needs a name</source>
        <translation>der Alias braucht einen Namen</translation>
    </message>
    <message>
        <source>the backend needs a name</source>
        <translation>das Backend braucht einen Namen</translation>
    </message>
    <message>
        <source>a name may hold only letters, digits, '.', '_' and '-'</source>
        <translation>ein Name darf nur Buchstaben, Ziffern, '.', '_' und '-' enthalten</translation>
    </message>
    <message>
        <source>the base URL is not an http:// or https:// URL with a host</source>
        <translation>die Basis-URL ist keine http://- oder https://-URL mit Host</translation>
    </message>
    <message>
        <source>its API key cannot be read: %1</source>
        <translation>sein API-Schlüssel kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>setting "%1": %2</source>
        <translation>Einstellung „%1“: %2</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <comment>who, what is wrong</comment>
        <translation>%1: %2.</translation>
    </message>
</context>
<context>
    <name>ui::DashboardPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Live: sampled every second, each point the average of the last %1 seconds.</source>
        <translation>Live: jede Sekunde erfasst, jeder Punkt ist der Mittelwert der letzten %1 Sekunden.</translation>
    </message>
    <message>
        <source>The gateway is stopped: live charts are paused.</source>
        <translation>Das Gateway ist gestoppt: Die Live-Diagramme pausieren.</translation>
    </message>
    <message>
        <source>one point per minute</source>
        <translation>ein Punkt pro Minute</translation>
    </message>
    <message>
        <source>one point per hour</source>
        <translation>ein Punkt pro Stunde</translation>
    </message>
    <message>
        <source>one point per %1 hours</source>
        <translation>ein Punkt pro %1 Stunden</translation>
    </message>
    <message>
        <source>one point per %1 minutes</source>
        <translation>ein Punkt pro %1 Minuten</translation>
    </message>
    <message>
        <source>From the request log: %1, refreshed every 10 seconds.</source>
        <translation>Aus dem Anfrageprotokoll: %1, alle 10 Sekunden aktualisiert.</translation>
    </message>
    <message>
        <source>The gateway is stopped. History from the request log: %1.</source>
        <translation>Das Gateway ist gestoppt. Verlauf aus dem Anfrageprotokoll: %1.</translation>
    </message>
    <message>
        <source>the last 5 minutes</source>
        <translation>den letzten 5 Minuten</translation>
    </message>
    <message>
        <source>the last 15 minutes</source>
        <translation>den letzten 15 Minuten</translation>
    </message>
    <message>
        <source>the last hour</source>
        <translation>der letzten Stunde</translation>
    </message>
    <message>
        <source>the last 6 hours</source>
        <translation>den letzten 6 Stunden</translation>
    </message>
    <message>
        <source>the last 24 hours</source>
        <translation>den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>the last 7 days</source>
        <translation>den letzten 7 Tagen</translation>
    </message>
    <message>
        <source>The gateway is stopped</source>
        <translation>Das Gateway ist gestoppt</translation>
    </message>
    <message>
        <source>No requests in %1</source>
        <translation>Keine Anfragen in %1</translation>
    </message>
    <message>
        <source>Live charts need a running gateway. Start it with the “Start gateway” button in the status bar, or pick a longer time range to see the history in the request log.</source>
        <translation>Live-Diagramme brauchen ein laufendes Gateway. Starten Sie es mit der Schaltfläche „Gateway starten“ in der Statusleiste, oder wählen Sie einen längeren Zeitraum, um den Verlauf aus dem Anfrageprotokoll zu sehen.</translation>
    </message>
    <message>
        <source>The gateway is stopped. Start it with the “Start gateway” button in the status bar, then send it a request.</source>
        <translation>Das Gateway ist gestoppt. Starten Sie es mit der Schaltfläche „Gateway starten“ in der Statusleiste und senden Sie ihm dann eine Anfrage.</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>Noch keine Anfragen</translation>
    </message>
    <message>
        <source>The charts fill in as soon as the gateway at %1 answers a request. Send one from a terminal, or point any OpenAI client at this base URL:</source>
        <translation>Die Diagramme füllen sich, sobald das Gateway unter %1 eine Anfrage beantwortet. Senden Sie eine aus einem Terminal, oder richten Sie einen beliebigen OpenAI-Client auf diese Basis-URL:</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>Das Anfrageprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 Min.</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 Min.</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 Stunden</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Latency p50 / p95</source>
        <translation>Latenz p50 / p95</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Requests per second by status</source>
        <translation>Anfragen pro Sekunde nach Status</translation>
    </message>
    <message>
        <source>Latency and time to first token (ms)</source>
        <translation>Latenz und Zeit bis zum ersten Token (ms)</translation>
    </message>
    <message>
        <source>Tokens per minute by model</source>
        <translation>Tokens pro Minute nach Modell</translation>
    </message>
    <message>
        <source>Error rate (% of requests with status ≥ 400)</source>
        <translation>Fehlerquote (% der Anfragen mit Status ≥ 400)</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>TTFT p50</source>
        <translation>TTFT p50</translation>
    </message>
    <message>
        <source>TTFT p95</source>
        <translation>TTFT p95</translation>
    </message>
    <message>
        <source>Requests, tokens, latency and errors of the gateway over time.</source>
        <translation>Anfragen, Tokens, Latenz und Fehler des Gateways im Zeitverlauf.</translation>
    </message>
    <message>
        <source>First token p50 / p95</source>
        <translation>Erstes Token p50 / p95</translation>
    </message>
    <message>
        <source>Upstream errors / fallbacks</source>
        <translation>Upstream-Fehler / Fallbacks</translation>
    </message>
    <message>
        <source>Upstream attempts that failed / requests that a fallback target served after a failed attempt</source>
        <translation>Fehlgeschlagene Upstream-Versuche / Anfragen, die nach einem fehlgeschlagenen Versuch ein Fallback-Ziel beantwortet hat</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>seit %1</translation>
    </message>
    <message>
        <source>last 5 min</source>
        <translation>letzte 5 Min.</translation>
    </message>
    <message>
        <source>last 15 min</source>
        <translation>letzte 15 Min.</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>letzte Stunde</translation>
    </message>
    <message>
        <source>last 6 h</source>
        <translation>letzte 6 Std.</translation>
    </message>
    <message>
        <source>last 24 h</source>
        <translation>letzte 24 Std.</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>letzte 7 Tage</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation>%1/min</translation>
    </message>
</context>
<context>
    <name>ui::EmptyState</name>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
</context>
<context>
    <name>ui::GatewayHost</name>
    <message>
        <source>--listen: "%1" is not HOST:PORT with an IP address</source>
        <translation>--listen: „%1“ ist nicht HOST:PORT mit einer IP-Adresse</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>config file %1 does not exist</source>
        <translation>Konfigurationsdatei %1 existiert nicht</translation>
    </message>
    <message>
        <source>%1: invalid JSON: %2</source>
        <translation>%1: ungültiges JSON: %2</translation>
    </message>
    <message>
        <source>the config was applied but could not be saved to %1: %2</source>
        <translation>die Konfiguration wurde übernommen, konnte aber nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>ui::KeyDialog</name>
    <message>
        <source>in total (never resets)</source>
        <translation>insgesamt (wird nie zurückgesetzt)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source>Edit key %1</source>
        <translation>Schlüssel %1 bearbeiten</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message>
        <source>1 to 64 letters, digits, '.', '_' and '-'. Logs and the command line name the key by it.</source>
        <translation>1 bis 64 Buchstaben, Ziffern, „.“, „_“ und „-“. Protokolle und die Befehlszeile nennen den Schlüssel so.</translation>
    </message>
    <message>
        <source>e.g. ci-pipeline</source>
        <translation>z. B. ci-pipeline</translation>
    </message>
    <message>
        <source>Limits, budgets and spend are kept per tenant as well as per key.</source>
        <translation>Limits, Budgets und Ausgaben werden pro Mandant und pro Schlüssel geführt.</translation>
    </message>
    <message>
        <source>Every model</source>
        <translation>Jedes Modell</translation>
    </message>
    <message>
        <source>The model aliases the key may use, separated by commas; * matches any text (claude-*). Empty: every model.</source>
        <translation>Die Modell-Aliasse, die der Schlüssel verwenden darf, durch Kommas getrennt; * passt auf beliebigen Text (claude-*). Leer: jedes Modell.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add one of the config's model aliases</source>
        <translation>Einen Modell-Alias aus der Konfiguration hinzufügen</translation>
    </message>
    <message>
        <source> requests/min</source>
        <translation> Anfragen/Min.</translation>
    </message>
    <message>
        <source> tokens/min</source>
        <translation> Tokens/Min.</translation>
    </message>
    <message>
        <source> at once</source>
        <translation> gleichzeitig</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Token quota period</source>
        <translation>Zeitraum des Token-Kontingents</translation>
    </message>
    <message>
        <source>Budget period</source>
        <translation>Zeitraum des Budgets</translation>
    </message>
    <message>
        <source>Limit to</source>
        <translation>Begrenzen auf</translation>
    </message>
    <message>
        <source>A key with no budget is never refused for spend.</source>
        <translation>Ein Schlüssel ohne Budget wird nie wegen Ausgaben abgewiesen.</translation>
    </message>
    <message>
        <source> USD</source>
        <translation> USD</translation>
    </message>
    <message>
        <source>Budget in US dollars</source>
        <translation>Budget in US-Dollar</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>The console, the log and the alert webhook say so when the quota or the budget is used this far.</source>
        <translation>Die Konsole, das Protokoll und der Alarm-Webhook melden es, wenn das Kontingent oder das Budget so weit verbraucht ist.</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>In a number of days</source>
        <translation>In einigen Tagen</translation>
    </message>
    <message>
        <source>On a date</source>
        <translation>An einem Datum</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>Expires in days</source>
        <translation>Läuft ab in Tagen</translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation>Läuft ab am</translation>
    </message>
    <message>
        <source>e.g. team=ml, owner=ana</source>
        <translation>z. B. team=ml, owner=ana</translation>
    </message>
    <message>
        <source>Tags as name=value, separated by commas.</source>
        <translation>Markierungen als name=wert, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>M&amp;odelle:</translation>
    </message>
    <message>
        <source>&amp;Requests:</source>
        <translation>&amp;Anfragen:</translation>
    </message>
    <message>
        <source>T&amp;okens:</source>
        <translation>&amp;Tokens:</translation>
    </message>
    <message>
        <source>In &amp;flight:</source>
        <translation>&amp;Laufend:</translation>
    </message>
    <message>
        <source>Token &amp;quota:</source>
        <translation>Token-&amp;Kontingent:</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>&amp;Budget:</translation>
    </message>
    <message>
        <source>&amp;Alert at:</source>
        <translation>Ala&amp;rm bei:</translation>
    </message>
    <message>
        <source>&amp;Expires:</source>
        <translation>Läu&amp;ft ab:</translation>
    </message>
    <message>
        <source>Meta&amp;data:</source>
        <translation>Meta&amp;daten:</translation>
    </message>
    <message>
        <source>Give the key a name.</source>
        <translation>Geben Sie dem Schlüssel einen Namen.</translation>
    </message>
    <message>
        <source>Use 1 to 64 letters, digits, '.', '_' and '-' (no spaces).</source>
        <translation>Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „.“, „_“ und „-“ (keine Leerzeichen).</translation>
    </message>
    <message>
        <source>A key named %1 exists already.</source>
        <translation>Ein Schlüssel namens %1 existiert bereits.</translation>
    </message>
    <message>
        <source>A tenant's name is 1 to 64 letters, digits, '.', '_' and '-'.</source>
        <translation>Der Name eines Mandanten besteht aus 1 bis 64 Buchstaben, Ziffern, „.“, „_“ und „-“.</translation>
    </message>
    <message>
        <source>"%1" is not a model alias: separate aliases with commas.</source>
        <translation>„%1“ ist kein Modell-Alias: Trennen Sie Aliasse durch Kommas.</translation>
    </message>
    <message>
        <source>That time has passed: the key would be expired at once.</source>
        <translation>Dieser Zeitpunkt ist vorbei: Der Schlüssel wäre sofort abgelaufen.</translation>
    </message>
    <message>
        <source>Write tags as name=value, separated by commas.</source>
        <translation>Schreiben Sie Markierungen als name=wert, durch Kommas getrennt.</translation>
    </message>
</context>
<context>
    <name>ui::KeyText</name>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>pro Monat</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>insgesamt</translation>
    </message>
    <message>
        <source>$%1</source>
        <comment>US dollars</comment>
        <translation>%1 $</translation>
    </message>
    <message>
        <source>%1B</source>
        <comment>billions</comment>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <source>%1M</source>
        <comment>millions</comment>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>%1K</source>
        <comment>thousands</comment>
        <translation>%1 Tsd.</translation>
    </message>
    <message>
        <source>%1 rpm</source>
        <translation>%1 Anfr./Min.</translation>
    </message>
    <message>
        <source>%1 tpm</source>
        <translation>%1 Tokens/Min.</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>%1 gleichzeitig</translation>
    </message>
    <message>
        <source>%1 tokens %2</source>
        <translation>%1 Tokens %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amount, period</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>keine Limits</translation>
    </message>
    <message>
        <source>never resets</source>
        <translation>wird nie zurückgesetzt</translation>
    </message>
    <message numerus="yes">
        <source>resets in %n s</source>
        <translation>
            <numerusform>wird in %n s zurückgesetzt</numerusform><numerusform>wird in %n s zurückgesetzt</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n min</source>
        <translation>
            <numerusform>wird in %n Min. zurückgesetzt</numerusform><numerusform>wird in %n Min. zurückgesetzt</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n h</source>
        <translation>
            <numerusform>wird in %n Std. zurückgesetzt</numerusform><numerusform>wird in %n Std. zurückgesetzt</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>resets in %n days</source>
        <translation>
            <numerusform>wird in %n Tag zurückgesetzt</numerusform><numerusform>wird in %n Tagen zurückgesetzt</numerusform></translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>Tenant %1</source>
        <translation>Mandant %1</translation>
    </message>
    <message>
        <source>Model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>%1 has used %2% of its quota of %3 tokens.</source>
        <translation>%1 hat %2 % seines Kontingents von %3 Tokens verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its daily quota of %3 tokens.</source>
        <translation>%1 hat %2 % seines täglichen Kontingents von %3 Tokens verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its weekly quota of %3 tokens.</source>
        <translation>%1 hat %2 % seines wöchentlichen Kontingents von %3 Tokens verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its monthly quota of %3 tokens.</source>
        <translation>%1 hat %2 % seines monatlichen Kontingents von %3 Tokens verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its total quota of %3 tokens.</source>
        <translation>%1 hat %2 % seines Gesamtkontingents von %3 Tokens verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 budget.</source>
        <translation>%1 hat %2 % seines Budgets von %3 verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 daily budget.</source>
        <translation>%1 hat %2 % seines Tagesbudgets von %3 verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 weekly budget.</source>
        <translation>%1 hat %2 % seines Wochenbudgets von %3 verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 monthly budget.</source>
        <translation>%1 hat %2 % seines Monatsbudgets von %3 verbraucht.</translation>
    </message>
    <message>
        <source>%1 has used %2% of its %3 total budget.</source>
        <translation>%1 hat %2 % seines Gesamtbudgets von %3 verbraucht.</translation>
    </message>
</context>
<context>
    <name>ui::KeysPage</name>
    <message>
        <source>The keys in %1 cannot be read: %2</source>
        <translation>Die Schlüssel in %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The keys cannot be read: %1</source>
        <translation>Die Schlüssel können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(in the config)</source>
        <translation>(in der Konfiguration)</translation>
    </message>
    <message>
        <source>every model</source>
        <translation>jedes Modell</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 is declared in the config file by its fingerprint: change it there.</source>
        <translation>%1 ist in der Konfigurationsdatei über seinen Fingerabdruck deklariert: Ändern Sie ihn dort.</translation>
    </message>
    <message>
        <source>Revoked on %1</source>
        <translation>Widerrufen am %1</translation>
    </message>
    <message>
        <source>Select a key first.</source>
        <translation>Wählen Sie zuerst einen Schlüssel aus.</translation>
    </message>
    <message>
        <source>This key is declared in the config file: change it there.</source>
        <translation>Dieser Schlüssel ist in der Konfigurationsdatei deklariert: Ändern Sie ihn dort.</translation>
    </message>
    <message>
        <source>This key is revoked.</source>
        <translation>Dieser Schlüssel ist widerrufen.</translation>
    </message>
    <message>
        <source>Use of %1</source>
        <translation>Verbrauch von %1</translation>
    </message>
    <message>
        <source>The gateway is not running: the bars show no live use.</source>
        <translation>Das Gateway läuft nicht: Die Balken zeigen keinen aktuellen Verbrauch.</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>Der Schlüssel wurde nicht erstellt: %1</translation>
    </message>
    <message>
        <source>Key %1 created</source>
        <translation>Schlüssel %1 erstellt</translation>
    </message>
    <message>
        <source>The key was not changed: %1</source>
        <translation>Der Schlüssel wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Key %1 changed</source>
        <translation>Schlüssel %1 geändert</translation>
    </message>
    <message>
        <source>Rotate key</source>
        <translation>Schlüssel rotieren</translation>
    </message>
    <message>
        <source>Give the key %1 a new secret?</source>
        <translation>Dem Schlüssel %1 ein neues Geheimnis geben?</translation>
    </message>
    <message>
        <source>The old secret stops working at once: every client that uses it needs the new one. The key keeps its limits and its spend.</source>
        <translation>Das alte Geheimnis funktioniert sofort nicht mehr: Jeder Client, der es verwendet, braucht das neue. Der Schlüssel behält seine Limits und seine Ausgaben.</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Rotieren</translation>
    </message>
    <message>
        <source>The key %1 was not rotated: %2</source>
        <translation>Der Schlüssel %1 wurde nicht rotiert: %2</translation>
    </message>
    <message>
        <source>Key %1 rotated</source>
        <translation>Schlüssel %1 rotiert</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke the key %1?</source>
        <translation>Den Schlüssel %1 widerrufen?</translation>
    </message>
    <message>
        <source>Requests with it are refused from now on, within a second. This cannot be undone: a client that still needs access needs a new key.</source>
        <translation>Anfragen mit ihm werden ab sofort, binnen einer Sekunde, abgewiesen. Das kann nicht rückgängig gemacht werden: Ein Client, der weiter Zugang braucht, braucht einen neuen Schlüssel.</translation>
    </message>
    <message>
        <source>The key %1 was not revoked: %2</source>
        <translation>Der Schlüssel %1 wurde nicht widerrufen: %2</translation>
    </message>
    <message>
        <source>Key %1 revoked</source>
        <translation>Schlüssel %1 widerrufen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Create key…</source>
        <translation>Schlüssel erstellen…</translation>
    </message>
    <message>
        <source>Make a key that clients send as their API key</source>
        <translation>Einen Schlüssel erstellen, den Clients als API-Schlüssel senden</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation>Rotieren…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen…</translation>
    </message>
    <message>
        <source>Anyone on this computer can use the gateway: no key exists. Create a key to require one.</source>
        <translation>Jeder auf diesem Computer kann das Gateway verwenden: Es gibt keinen Schlüssel. Erstellen Sie einen Schlüssel, um einen zu verlangen.</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>Einen Schlüssel erstellen</translation>
    </message>
    <message>
        <source>A key is what a client sends as its API key (Authorization: Bearer sk-sb-…). Each key has a name, a tenant, the models it may use and limits of its own: requests and tokens per minute, requests in flight, a token quota and a budget in US dollars. Once a key exists, every request needs one.</source>
        <translation>Ein Schlüssel ist das, was ein Client als API-Schlüssel sendet (Authorization: Bearer sk-sb-…). Jeder Schlüssel hat einen Namen, einen Mandanten, die Modelle, die er verwenden darf, und eigene Limits: Anfragen und Tokens pro Minute, laufende Anfragen, ein Token-Kontingent und ein Budget in US-Dollar. Sobald ein Schlüssel existiert, braucht jede Anfrage einen.</translation>
    </message>
    <message>
        <source>The keys clients use to call the gateway, their limits, and what they have used.</source>
        <translation>Die Schlüssel, mit denen Clients das Gateway aufrufen, ihre Limits und ihr Verbrauch.</translation>
    </message>
</context>
<context>
    <name>ui::LimitBars</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>use · resets in</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Requests this minute</source>
        <translation>Anfragen in dieser Minute</translation>
    </message>
    <message>
        <source>Tokens this minute</source>
        <translation>Tokens in dieser Minute</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>Laufende Anfragen</translation>
    </message>
    <message>
        <source>Token quota (%1)</source>
        <translation>Token-Kontingent (%1)</translation>
    </message>
    <message>
        <source>Budget (%1)</source>
        <translation>Budget (%1)</translation>
    </message>
    <message>
        <source>No limits: this key is never refused for its rate, quota or budget (its tenant's and its models' limits still apply).</source>
        <translation>Keine Limits: Dieser Schlüssel wird nie wegen Rate, Kontingent oder Budget abgewiesen (die Limits seines Mandanten und seiner Modelle gelten weiterhin).</translation>
    </message>
</context>
<context>
    <name>ui::LogCellDelegate</name>
    <message>
        <source>fallback</source>
        <comment>a badge on a request that a fallback target served</comment>
        <translation>Fallback</translation>
    </message>
</context>
<context>
    <name>ui::LogDetailsView</name>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>(not valid JSON at byte %1: %2; bodies longer than logging.maxBodyBytes are cut)</source>
        <translation>(kein gültiges JSON bei Byte %1: %2; Inhalte über logging.maxBodyBytes werden abgeschnitten)</translation>
    </message>
    <message>
        <source>// event %1</source>
        <translation>// Ereignis %1</translation>
    </message>
    <message>
        <source>// event %1: %2</source>
        <translation>// Ereignis %1: %2</translation>
    </message>
    <message>
        <source>// Server-sent events: %L1. The text they streamed:</source>
        <translation>// Server-Sent Events: %L1. Der gestreamte Text:</translation>
    </message>
    <message>
        <source>// (none)</source>
        <translation>// (keine)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 prompt + %2 completion = %3</source>
        <translation>%1 Eingabe + %2 Ausgabe = %3</translation>
    </message>
    <message>
        <source>(none recorded)</source>
        <translation>(keine aufgezeichnet)</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>Backend:</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpunkt:</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>Stream:</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <source>TTFT:</source>
        <translation>TTFT:</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>Tokens:</translation>
    </message>
    <message>
        <source>Trace ID:</source>
        <translation>Trace-ID:</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>Wählen Sie eine Anfrage aus, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>The request and response bodies of this request were not captured.

To capture them, set "logging": { "captureBodies": true } in the config. Bodies are stored capped at logging.maxBodyBytes, with credentials in the headers masked.</source>
        <translation>Anfrage- und Antwortinhalt dieser Anfrage wurden nicht aufgezeichnet.

Um sie aufzuzeichnen, setzen Sie "logging": { "captureBodies": true } in der Konfiguration. Inhalte werden bis zu logging.maxBodyBytes gespeichert, Zugangsdaten in den Headern werden maskiert.</translation>
    </message>
    <message>
        <source>Attempts:</source>
        <translation>Versuche:</translation>
    </message>
    <message>
        <source>Each call to a backend, in order: a failed one is followed by the next target</source>
        <translation>Jeder Aufruf eines Backends, der Reihe nach: auf einen fehlgeschlagenen folgt das nächste Ziel</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>The bodies byte for byte as they were sent</source>
        <translation>Die Bodys Byte für Byte, wie sie gesendet wurden</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>Formatiert</translation>
    </message>
    <message>
        <source>JSON indented; a stream as its events, after the text it streamed</source>
        <translation>JSON eingerückt; ein Stream als seine Events, nach dem gestreamten Text</translation>
    </message>
    <message>
        <source>%1 read from cache</source>
        <translation>%1 aus dem Cache gelesen</translation>
    </message>
    <message>
        <source>%1 written to cache</source>
        <translation>%1 in den Cache geschrieben</translation>
    </message>
    <message>
        <source>%1 reasoning</source>
        <translation>%1 für Reasoning</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>, estimated: the backend reported none</source>
        <translation>, geschätzt: das Backend hat keine gemeldet</translation>
    </message>
</context>
<context>
    <name>ui::LogExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>Das Anfrageprotokoll kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ui::LogTableModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>No time to first token: not a stream, or no token arrived</source>
        <translation>Keine Zeit bis zum ersten Token: kein Stream, oder es kam kein Token an</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Upstream
model</source>
        <translation>Upstream-
Modell</translation>
    </message>
    <message>
        <source>Latency
(ms)</source>
        <translation>Latenz
(ms)</translation>
    </message>
    <message>
        <source>TTFT
(ms)</source>
        <translation>TTFT
(ms)</translation>
    </message>
    <message>
        <source>Prompt
tokens</source>
        <translation>Eingabe-
Tokens</translation>
    </message>
    <message>
        <source>Completion
tokens</source>
        <translation>Ausgabe-
Tokens</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>Error
class</source>
        <translation>Fehler-
klasse</translation>
    </message>
    <message>
        <source>Trace ID</source>
        <translation>Trace-ID</translation>
    </message>
    <message>
        <source>The model alias the client asked for</source>
        <translation>Der vom Client angefragte Modellalias</translation>
    </message>
    <message>
        <source>The model the backend was asked for</source>
        <translation>Das beim Backend angefragte Modell</translation>
    </message>
    <message>
        <source>Time until the whole answer was sent, in milliseconds</source>
        <translation>Zeit, bis die ganze Antwort gesendet war, in Millisekunden</translation>
    </message>
    <message>
        <source>Time to first token of a stream, in milliseconds</source>
        <translation>Zeit bis zum ersten Token eines Streams, in Millisekunden</translation>
    </message>
    <message>
        <source>Served by a fallback target after an earlier one failed; the details list each attempt.</source>
        <translation>Von einem Fallback-Ziel beantwortet, nachdem ein früheres fehlgeschlagen war; die Details listen jeden Versuch auf.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>The start of the last user message, from the captured request body (not sortable)</source>
        <translation>Der Anfang der letzten Nutzernachricht, aus dem aufgezeichneten Request-Body (nicht sortierbar)</translation>
    </message>
</context>
<context>
    <name>ui::LogsPage</name>
    <message>
        <source>Show new requests at the top as they arrive</source>
        <translation>Neue Anfragen beim Eintreffen oben anzeigen</translation>
    </message>
    <message>
        <source>New requests are shown live only when sorted by time, newest first</source>
        <translation>Neue Anfragen erscheinen nur live, wenn nach Zeit sortiert ist (neueste zuerst)</translation>
    </message>
    <message>
        <source>Sorting…</source>
        <translation>Wird sortiert…</translation>
    </message>
    <message>
        <source>Searching the bodies…</source>
        <translation>Inhalte werden durchsucht…</translation>
    </message>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>Das Anfrageprotokoll kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No request log yet in %1. It is created when the gateway starts.</source>
        <translation>Noch kein Anfrageprotokoll in %1. Es wird beim Start des Gateways angelegt.</translation>
    </message>
    <message>
        <source>Counting the matching requests… loaded: %L1</source>
        <translation>Passende Anfragen werden gezählt… geladen: %L1</translation>
    </message>
    <message>
        <source>No requests yet. Send one to %1/chat/completions.</source>
        <translation>Noch keine Anfragen. Senden Sie eine an %1/chat/completions.</translation>
    </message>
    <message>
        <source>No requests yet.</source>
        <translation>Noch keine Anfragen.</translation>
    </message>
    <message>
        <source>No request matches the filter.</source>
        <translation>Keine Anfrage passt zum Filter.</translation>
    </message>
    <message>
        <source>Matching requests: %L1 · loaded: %L2</source>
        <translation>Passende Anfragen: %L1 · geladen: %L2</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV-Datei (*.csv)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON-Lines-Datei (*.jsonl)</translation>
    </message>
    <message>
        <source>Export requests</source>
        <translation>Anfragen exportieren</translation>
    </message>
    <message>
        <source>Exporting requests to %1…</source>
        <translation>Anfragen werden nach %1 exportiert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Exported %L1 of %L2 requests…</source>
        <translation>%L1 von %L2 Anfragen exportiert…</translation>
    </message>
    <message>
        <source>Exported to %1 (rows: %L2)</source>
        <translation>Nach %1 exportiert (Zeilen: %L2)</translation>
    </message>
    <message>
        <source>Export canceled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>2xx success</source>
        <translation>2xx Erfolg</translation>
    </message>
    <message>
        <source>4xx client error</source>
        <translation>4xx Clientfehler</translation>
    </message>
    <message>
        <source>5xx server error</source>
        <translation>5xx Serverfehler</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Any backend</source>
        <translation>Alle Backends</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Status: a class or an exact code</source>
        <translation>Status: eine Klasse oder ein genauer Code</translation>
    </message>
    <message>
        <source>The model alias the client asked for</source>
        <translation>Der vom Client angefragte Modellalias</translation>
    </message>
    <message>
        <source>The backend that served the request</source>
        <translation>Das Backend, das die Anfrage bedient hat</translation>
    </message>
    <message>
        <source>Search request and response bodies…</source>
        <translation>Anfrage- und Antwortinhalte durchsuchen…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>Replay…</translation>
    </message>
    <message>
        <source>Send the selected request to other models on the Replay page</source>
        <translation>Die gewählte Anfrage auf der Replay-Seite an andere Modelle senden</translation>
    </message>
    <message>
        <source>Every request through the gateway, with its tokens, cost and bodies.</source>
        <translation>Jede Anfrage durch das Gateway, mit Tokens, Kosten und Inhalten.</translation>
    </message>
    <message>
        <source>Select a request to replay it.</source>
        <translation>Wählen Sie eine Anfrage aus, um sie erneut zu senden.</translation>
    </message>
    <message>
        <source>This request was refused before it reached an endpoint.</source>
        <translation>Diese Anfrage wurde abgewiesen, bevor sie einen Endpunkt erreichte.</translation>
    </message>
    <message>
        <source>Only chat completions can be replayed; this is a %1 request.</source>
        <translation>Nur Chat-Completions können erneut gesendet werden; dies ist eine %1-Anfrage.</translation>
    </message>
    <message>
        <source>Its body was not logged: turn on "Capture request and response bodies" in Settings to replay the requests that follow.</source>
        <translation>Ihr Body wurde nicht protokolliert: Schalten Sie in den Einstellungen „Request- und Response-Bodys aufzeichnen“ ein, um die folgenden Anfragen erneut senden zu können.</translation>
    </message>
    <message>
        <source>Its logged body is not JSON (bodies longer than the capture limit in Settings are cut).</source>
        <translation>Ihr protokollierter Body ist kein JSON (Bodys über dem Aufzeichnungslimit in den Einstellungen werden abgeschnitten).</translation>
    </message>
    <message>
        <source>Its body has no messages to send.</source>
        <translation>Ihr Body enthält keine Nachrichten zum Senden.</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Wählen Sie zuerst eine Anfrage aus.</translation>
    </message>
    <message>
        <source>Its body was not logged: turn on "Capture request and response bodies" in Settings.</source>
        <translation>Ihr Body wurde nicht protokolliert: Schalten Sie in den Einstellungen „Request- und Response-Bodys aufzeichnen“ ein.</translation>
    </message>
    <message>
        <source>The gateway is not running: its address is not known.</source>
        <translation>Das Gateway läuft nicht: Seine Adresse ist nicht bekannt.</translation>
    </message>
    <message>
        <source>Cannot replay: %1</source>
        <translation>Erneutes Senden nicht möglich: %1</translation>
    </message>
    <message>
        <source>A curl command that sends this request to the gateway again, with a placeholder for the API key</source>
        <translation>Ein curl-Befehl, der diese Anfrage erneut an das Gateway sendet, mit einem Platzhalter für den API-Schlüssel</translation>
    </message>
    <message>
        <source>Filter by model %1</source>
        <translation>Nach Modell %1 filtern</translation>
    </message>
    <message>
        <source>Filter by this model</source>
        <translation>Nach diesem Modell filtern</translation>
    </message>
    <message>
        <source>Copied a curl command for this request</source>
        <translation>curl-Befehl für diese Anfrage kopiert</translation>
    </message>
    <message>
        <source>Finds requests whose captured request or response body contains this text (not case-sensitive for ASCII letters). %1 goes here, Esc clears it.</source>
        <translation>Findet Anfragen, deren aufgezeichneter Request- oder Response-Body diesen Text enthält (Groß-/Kleinschreibung wird bei ASCII-Buchstaben nicht beachtet). %1 springt hierher, Esc leert das Feld.</translation>
    </message>
    <message>
        <source>Show replay traffic</source>
        <translation>Replay-Verkehr anzeigen</translation>
    </message>
    <message>
        <source>Read the request log again (%1)</source>
        <translation>Das Anfrageprotokoll neu lesen (%1)</translation>
    </message>
    <message>
        <source>Write the requests of this filter to a CSV or JSON Lines file (%1)</source>
        <translation>Die Anfragen dieses Filters in eine CSV- oder JSON-Lines-Datei schreiben (%1)</translation>
    </message>
    <message>
        <source>Search the bodies</source>
        <translation>Bodys durchsuchen</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Copy trace ID</source>
        <translation>Trace-ID kopieren</translation>
    </message>
    <message>
        <source>The request's trace ID, as in its x-request-id header</source>
        <translation>Die Trace-ID der Anfrage, wie in ihrem x-request-id-Header</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>Als cURL kopieren</translation>
    </message>
    <message>
        <source>Also list the calls of the Replay page, and count them in the Dashboard's figures</source>
        <translation>Auch die Aufrufe der Replay-Seite auflisten und in den Zahlen des Dashboards mitzählen</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Only the requests of this tenant (its exact name)</source>
        <translation>Nur die Anfragen dieses Mandanten (sein genauer Name)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Only the requests sent with this gateway key (its exact name)</source>
        <translation>Nur die Anfragen, die mit diesem Gateway-Schlüssel gesendet wurden (sein genauer Name)</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>Backends</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Switchboard — AI gateway console</source>
        <translation>Switchboard — KI-Gateway-Konsole</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export logs…</source>
        <translation>Protokolle &amp;exportieren …</translation>
    </message>
    <message>
        <source>&amp;Quit Switchboard</source>
        <translation>Switchboard &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Show the navigation as &amp;icons only</source>
        <translation>Navigation nur als &amp;Symbole zeigen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Read me</source>
        <translation>&amp;Lies mich</translation>
    </message>
    <message>
        <source>&amp;About Switchboard</source>
        <translation>&amp;Über Switchboard</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Open: anyone on this computer can use the gateway. &lt;a href="keys"&gt;Create a key&lt;/a&gt; to require one.</source>
        <translation>Offen: Jeder auf diesem Computer kann das Gateway verwenden. &lt;a href="keys"&gt;Erstellen Sie einen Schlüssel&lt;/a&gt;, um einen zu verlangen.</translation>
    </message>
</context>
<context>
    <name>ui::ModelsPage</name>
    <message>
        <source>The gateway is not running.</source>
        <translation>Das Gateway läuft nicht.</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Geben Sie zuerst einen Prompt ein.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>HTTP %1 after %2 ms</source>
        <translation>HTTP %1 nach %2 ms</translation>
    </message>
    <message>
        <source>%1 ms · %2 prompt + %3 completion tokens · request %4</source>
        <translation>%1 ms · %2 Eingabe- + %3 Ausgabe-Tokens · Anfrage %4</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>Upstream-Modell</translation>
    </message>
    <message>
        <source>Alias (the model name clients ask for):</source>
        <translation>Alias (der Modellname, den Clients anfragen):</translation>
    </message>
    <message>
        <source>Targets, tried in order (the next takes over when one fails before answering):</source>
        <translation>Ziele, der Reihe nach versucht (das nächste übernimmt, wenn eines vor der Antwort ausfällt):</translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation>Alias hinzufügen</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>Ziel entfernen</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try it&lt;/b&gt;: send one request to an alias through the gateway</source>
        <translation>&lt;b&gt;Ausprobieren&lt;/b&gt;: eine Anfrage über das Gateway an einen Alias senden</translation>
    </message>
    <message>
        <source>A prompt, e.g. Say hello</source>
        <translation>Ein Prompt, z. B. Sag Hallo</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>The model names clients use, and the backends that serve each one.</source>
        <translation>Die Modellnamen, die Clients verwenden, und die Backends, die sie bedienen.</translation>
    </message>
    <message>
        <source>%1 (not applied yet)</source>
        <translation>%1 (noch nicht übernommen)</translation>
    </message>
    <message>
        <source>Add a backend first: an alias needs a target</source>
        <translation>Fügen Sie zuerst ein Backend hinzu: Ein Alias braucht ein Ziel</translation>
    </message>
    <message>
        <source>Give a model a name clients ask for</source>
        <translation>Einem Modell einen Namen geben, den Clients anfragen</translation>
    </message>
    <message>
        <source>Connect a model server first</source>
        <translation>Verbinden Sie zuerst einen Modellserver</translation>
    </message>
    <message>
        <source>An alias is the model name clients ask for; the gateway sends its requests to a model on a backend. There is no backend yet: add one on the Backends page, then come back to name its models.</source>
        <translation>Ein Alias ist der Modellname, den Clients anfragen; das Gateway leitet seine Anfragen an ein Modell auf einem Backend weiter. Es gibt noch kein Backend: Fügen Sie auf der Seite „Backends“ eines hinzu und benennen Sie dann hier seine Modelle.</translation>
    </message>
    <message>
        <source>Create an alias</source>
        <translation>Einen Alias anlegen</translation>
    </message>
    <message>
        <source>Clients ask for a model by an alias such as "chat". The gateway sends the request to the alias's first target, a model on one of your backends, and to the next one when that fails.</source>
        <translation>Clients fragen ein Modell über einen Alias wie „chat“ an. Das Gateway sendet die Anfrage an das erste Ziel des Alias, ein Modell auf einem Ihrer Backends, und an das nächste, wenn dieses fehlschlägt.</translation>
    </message>
    <message>
        <source>Aliases applied and saved to %1</source>
        <translation>Aliasse übernommen und in %1 gespeichert</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>Nicht übernommene Änderungen</translation>
    </message>
    <message>
        <source>The aliases have changes that are not applied yet.</source>
        <translation>An den Aliassen gibt es Änderungen, die noch nicht übernommen sind.</translation>
    </message>
    <message>
        <source>Apply them now, or discard them?</source>
        <translation>Jetzt übernehmen oder verwerfen?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>No target was called.</source>
        <translation>Es wurde kein Ziel aufgerufen.</translation>
    </message>
    <message>
        <source>Answered by %1.</source>
        <translation>Beantwortet von %1.</translation>
    </message>
    <message>
        <source>No target answered.</source>
        <translation>Kein Ziel hat geantwortet.</translation>
    </message>
    <message>
        <source>Go to Backends</source>
        <translation>Zu den Backends</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>Alias entfernen</translation>
    </message>
</context>
<context>
    <name>ui::NavigationRail</name>
    <message>
        <source>Show the page names</source>
        <translation>Seitennamen zeigen</translation>
    </message>
    <message>
        <source>Show icons only</source>
        <translation>Nur Symbole zeigen</translation>
    </message>
</context>
<context>
    <name>ui::PriceDialog</name>
    <message>
        <source>Prices of %1</source>
        <translation>Preise von %1</translation>
    </message>
    <message>
        <source>US dollars per million tokens, for requests to the alias “%1”.</source>
        <translation>US-Dollar pro Million Tokens, für Anfragen an den Alias „%1“.</translation>
    </message>
    <message>
        <source>US dollars per million tokens, for requests to the alias “%1” (upstream model %2).</source>
        <translation>US-Dollar pro Million Tokens, für Anfragen an den Alias „%1“ (Upstream-Modell %2).</translation>
    </message>
    <message>
        <source>&amp;Input:</source>
        <translation>&amp;Eingabe:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>&amp;Ausgabe:</translation>
    </message>
    <message>
        <source>&amp;Cached input:</source>
        <translation>&amp;Gecachte Eingabe:</translation>
    </message>
    <message>
        <source>Cache &amp;write:</source>
        <translation>Cache-&amp;Schreiben:</translation>
    </message>
    <message>
        <source>&amp;Reasoning:</source>
        <translation>&amp;Reasoning:</translation>
    </message>
    <message>
        <source>as input</source>
        <translation>wie Eingabe</translation>
    </message>
    <message>
        <source>as output</source>
        <translation>wie Ausgabe</translation>
    </message>
    <message>
        <source>Empty cache and reasoning prices take the input or output price.</source>
        <translation>Leere Cache- und Reasoning-Preise übernehmen den Eingabe- bzw. Ausgabepreis.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>“%1” is not a price: enter US dollars per million tokens, from 0 to %2.</source>
        <translation>„%1“ ist kein Preis: Geben Sie US-Dollar pro Million Tokens ein, von 0 bis %2.</translation>
    </message>
</context>
<context>
    <name>ui::PricesPanel</name>
    <message>
        <source>as input</source>
        <translation>wie Eingabe</translation>
    </message>
    <message>
        <source>as output</source>
        <translation>wie Ausgabe</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Eigener Preis</translation>
    </message>
    <message>
        <source>Price table</source>
        <translation>Preistabelle</translation>
    </message>
    <message>
        <source>No price: costs 0</source>
        <translation>Kein Preis: kostet 0</translation>
    </message>
    <message>
        <source>–</source>
        <comment>no value</comment>
        <translation>–</translation>
    </message>
    <message>
        <source>models[].pricing in the config</source>
        <translation>models[].pricing in der Konfiguration</translation>
    </message>
    <message>
        <source>The alias “%1” is not in the config any more.</source>
        <translation>Der Alias „%1“ ist nicht mehr in der Konfiguration.</translation>
    </message>
    <message>
        <source>Prices of %1 applied and saved to %2</source>
        <translation>Preise von %1 übernommen und in %2 gespeichert</translation>
    </message>
    <message>
        <source>What each alias costs, in US dollars per million tokens: its own prices (models[].pricing) if it has them, else the shipped price table's for its upstream model. Cached and reasoning tokens are charged at their own prices. Select an alias and press Enter to edit its prices.</source>
        <translation>Was jeder Alias kostet, in US-Dollar pro Million Tokens: seine eigenen Preise (models[].pricing), falls vorhanden, sonst die der mitgelieferten Preistabelle für sein Upstream-Modell. Gecachte und Reasoning-Tokens werden zu eigenen Preisen berechnet. Wählen Sie einen Alias und drücken Sie die Eingabetaste, um seine Preise zu bearbeiten.</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>Alias</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>Upstream-Modell</translation>
    </message>
    <message>
        <source>Price from</source>
        <translation>Preis aus</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Cached input</source>
        <translation>Gecachte Eingabe</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <source>Prices of the aliases</source>
        <translation>Preise der Aliasse</translation>
    </message>
    <message>
        <source>&amp;Edit prices…</source>
        <translation>Preise &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Reset to the table's price</source>
        <translation>Auf den Tabellenpreis zurücksetzen</translation>
    </message>
    <message>
        <source>Removes the alias's own prices: the shipped table's price applies again.</source>
        <translation>Entfernt die eigenen Preise des Alias: Es gilt wieder der Preis der mitgelieferten Tabelle.</translation>
    </message>
    <message>
        <source>The shipped price table (US dollars per million tokens)</source>
        <translation>Die mitgelieferte Preistabelle (US-Dollar pro Million Tokens)</translation>
    </message>
    <message>
        <source>Search models</source>
        <translation>Modelle suchen</translation>
    </message>
    <message>
        <source>Search the shipped price table</source>
        <translation>Die mitgelieferte Preistabelle durchsuchen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>The shipped price table</source>
        <translation>Die mitgelieferte Preistabelle</translation>
    </message>
</context>
<context>
    <name>ui::ReadmeWindow</name>
    <message>
        <source>Switchboard — Read me</source>
        <translation>Switchboard — Lies mich</translation>
    </message>
</context>
<context>
    <name>ui::RemainingModel</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>pro Monat</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>insgesamt</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Token quota</source>
        <translation>Token-Kontingent</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>never</source>
        <comment>a total quota or budget does not reset</comment>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 used</source>
        <translation>%1 verbraucht</translation>
    </message>
    <message>
        <source>%1 used, past the alert threshold</source>
        <translation>%1 verbraucht, Warnschwelle überschritten</translation>
    </message>
    <message>
        <source>%1 used, limit reached</source>
        <translation>%1 verbraucht, Limit erreicht</translation>
    </message>
    <message>
        <source>Past the alert threshold of %1 %: an alert was raised.</source>
        <translation>Warnschwelle von %1 % überschritten: Eine Warnung wurde ausgelöst.</translation>
    </message>
    <message>
        <source>Budget spent: requests are refused (budget_exceeded) until it resets.</source>
        <translation>Budget aufgebraucht: Anfragen werden abgelehnt (budget_exceeded), bis es zurückgesetzt wird.</translation>
    </message>
    <message>
        <source>Quota used up: requests are refused (quota_exceeded) until it resets.</source>
        <translation>Kontingent aufgebraucht: Anfragen werden abgelehnt (quota_exceeded), bis es zurückgesetzt wird.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Verbraucht</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Resets at</source>
        <translation>Zurückgesetzt am</translation>
    </message>
</context>
<context>
    <name>ui::ReplayColumn</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Original answer</source>
        <translation>Ursprüngliche Antwort</translation>
    </message>
    <message>
        <source>Request #%1 · %2</source>
        <translation>Anfrage #%1 · %2</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>Warten auf das erste Token…</translation>
    </message>
    <message>
        <source>Streaming…</source>
        <translation>Wird gestreamt…</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>HTTP %1 · complete</source>
        <translation>HTTP %1 · fertig</translation>
    </message>
    <message>
        <source>HTTP %1 · %2</source>
        <translation>HTTP %1 · %2</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Latency: %1 · TTFT: %2</source>
        <translation>Latenz: %1 · TTFT: %2</translation>
    </message>
    <message>
        <source>Tokens: %1 prompt + %2 completion</source>
        <translation>Tokens: %1 Eingabe + %2 Ausgabe</translation>
    </message>
    <message>
        <source>Latency: from sending the request to the last byte of the answer.
TTFT: time to the first token, the first chunk with text.</source>
        <translation>Latenz: vom Senden der Anfrage bis zum letzten Byte der Antwort.
TTFT: Zeit bis zum ersten Token, also zum ersten Chunk mit Text.</translation>
    </message>
    <message>
        <source>The other answers are compared with this one.</source>
        <translation>Die anderen Antworten werden mit dieser verglichen.</translation>
    </message>
    <message>
        <source>No change from %1.</source>
        <translation>Keine Änderung gegenüber %1.</translation>
    </message>
    <message>
        <source>Compared with %1: +%2 −%3 words.</source>
        <translation>Verglichen mit %1: +%2 −%3 Wörter.</translation>
    </message>
    <message>
        <source>(Too long for an exact word diff: the part that differs is shown as replaced.)</source>
        <translation>(Zu lang für einen genauen Wortvergleich: Der abweichende Teil wird als ersetzt angezeigt.)</translation>
    </message>
</context>
<context>
    <name>ui::ReplayPage</name>
    <message>
        <source>Alias, routed to %1</source>
        <translation>Alias, weitergeleitet an %1</translation>
    </message>
    <message>
        <source>Sent straight to backend %1 as model %2</source>
        <translation>Direkt an Backend %1 als Modell %2 gesendet</translation>
    </message>
    <message>
        <source>Added by hand</source>
        <translation>Manuell hinzugefügt</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>Das Anfrageprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The saved replays could not be read: %1</source>
        <translation>Die gespeicherten Replays konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(no readable prompt)</source>
        <translation>(kein lesbarer Prompt)</translation>
    </message>
    <message>
        <source>No saved replays yet</source>
        <translation>Noch keine gespeicherten Replays</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
    <message>
        <source>Backend models (backend/model, no fallback)</source>
        <translation>Backend-Modelle (backend/model, ohne Fallback)</translation>
    </message>
    <message>
        <source>Reading request #%1 from the log…</source>
        <translation>Anfrage #%1 wird aus dem Protokoll gelesen…</translation>
    </message>
    <message>
        <source>Request #%1 could not be read: %2</source>
        <translation>Anfrage #%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Request #%1 is not in the request log. Rows older than the log's retention (Settings) are deleted.</source>
        <translation>Anfrage #%1 ist nicht im Anfrageprotokoll. Zeilen, die älter als die Aufbewahrungsdauer (Einstellungen) sind, werden gelöscht.</translation>
    </message>
    <message>
        <source>The request and response bodies of request #%1 were not captured, so there is nothing to replay. To capture them, turn on "Capture request and response bodies" in Settings (logging.captureBodies in the config); requests sent after that can be replayed.</source>
        <translation>Anfrage- und Antwortinhalt von Anfrage #%1 wurden nicht aufgezeichnet, daher gibt es nichts zu wiederholen. Um sie aufzuzeichnen, aktivieren Sie „Anfrage- und Antwortinhalte aufzeichnen“ in den Einstellungen (logging.captureBodies in der Konfiguration); danach gesendete Anfragen lassen sich wiederholen.</translation>
    </message>
    <message>
        <source>Request #%1 is a %2 request; only chat completions can be replayed.</source>
        <translation>Anfrage #%1 ist eine %2-Anfrage; nur Chat-Completions lassen sich wiederholen.</translation>
    </message>
    <message>
        <source>The captured body of request #%1 is cut short, so it cannot be replayed. Bodies longer than the body capture limit in Settings (logging.maxBodyBytes) are cut; raise it to replay long requests.</source>
        <translation>Der aufgezeichnete Inhalt von Anfrage #%1 ist gekürzt und lässt sich daher nicht wiederholen. Inhalte über der „Max. Inhaltsgröße“ in den Einstellungen (logging.maxBodyBytes) werden abgeschnitten; erhöhen Sie sie, um lange Anfragen zu wiederholen.</translation>
    </message>
    <message>
        <source>Tick the targets to compare with and press Run replay.</source>
        <translation>Wählen Sie die Ziele für den Vergleich aus und klicken Sie auf „Replay starten“.</translation>
    </message>
    <message>
        <source>Type a prompt, tick the targets and press Run replay.</source>
        <translation>Geben Sie einen Prompt ein, wählen Sie die Ziele aus und klicken Sie auf „Replay starten“.</translation>
    </message>
    <message>
        <source>The gateway is not running: start it in the status bar first.</source>
        <translation>Das Gateway läuft nicht: Starten Sie es zuerst über die Statusleiste.</translation>
    </message>
    <message>
        <source>Type a prompt first, or pick a logged request.</source>
        <translation>Geben Sie zuerst einen Prompt ein, oder wählen Sie eine protokollierte Anfrage.</translation>
    </message>
    <message>
        <source>Tick at least one target to replay to.</source>
        <translation>Wählen Sie mindestens ein Ziel für das Replay aus.</translation>
    </message>
    <message>
        <source>Replaying: %1 of %2 answers complete…</source>
        <translation>Replay läuft: %1 von %2 Antworten fertig…</translation>
    </message>
    <message>
        <source>Stopped. A stopped replay is not saved.</source>
        <translation>Gestoppt. Ein gestopptes Replay wird nicht gespeichert.</translation>
    </message>
    <message>
        <source>All answers are in; saving the replay…</source>
        <translation>Alle Antworten sind da; das Replay wird gespeichert…</translation>
    </message>
    <message>
        <source>The replay could not be saved: %1</source>
        <translation>Das Replay konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved as replay #%1; open it again from the saved replays at any time.</source>
        <translation>Als Replay #%1 gespeichert; Sie können es jederzeit über die gespeicherten Replays wieder öffnen.</translation>
    </message>
    <message>
        <source>the original</source>
        <translation>dem Original</translation>
    </message>
    <message>
        <source>Opening replay #%1…</source>
        <translation>Replay #%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>The replay could not be opened: %1</source>
        <translation>Das Replay konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Replay #%1 of %2: the saved answers, not run again. Run replay sends the request again.</source>
        <translation>Replay #%1 (%2): die gespeicherten Antworten, nicht erneut ausgeführt. „Replay starten“ sendet die Anfrage erneut.</translation>
    </message>
    <message>
        <source>Its original request #%1 is no longer in the log, so the answers are compared with the first target's.</source>
        <translation>Die ursprüngliche Anfrage #%1 ist nicht mehr im Protokoll, daher werden die Antworten mit der des ersten Ziels verglichen.</translation>
    </message>
    <message>
        <source>The gateway is not running.</source>
        <translation>Das Gateway läuft nicht.</translation>
    </message>
    <message>
        <source>This request cannot be replayed:</source>
        <translation>Diese Anfrage lässt sich nicht wiederholen:</translation>
    </message>
    <message>
        <source>Request #%1 to %2</source>
        <translation>Anfrage #%1 an %2</translation>
    </message>
    <message>
        <source>A typed prompt; New prompt starts another.</source>
        <translation>Ein eingegebener Prompt; „Neuer Prompt“ beginnt einen weiteren.</translation>
    </message>
    <message>
        <source>A new prompt: type it below, or pick a logged request above.</source>
        <translation>Ein neuer Prompt: Geben Sie ihn unten ein, oder wählen Sie oben eine protokollierte Anfrage.</translation>
    </message>
    <message>
        <source>kept parameters: %1</source>
        <translation>übernommene Parameter: %1</translation>
    </message>
    <message>
        <source>The gateway is not running</source>
        <translation>Das Gateway läuft nicht</translation>
    </message>
    <message>
        <source>Replays are sent through the gateway. Start it with the button in the status bar, then come back here.</source>
        <translation>Replays werden über das Gateway gesendet. Starten Sie es mit der Schaltfläche in der Statusleiste, und kehren Sie dann hierher zurück.</translation>
    </message>
    <message>
        <source>Compare answers across models</source>
        <translation>Antworten verschiedener Modelle vergleichen</translation>
    </message>
    <message>
        <source>Pick a logged request above, or type a new prompt. Then tick the targets to send it to: aliases, or backend/model to reach one backend's model directly. Run replay sends it to all of them at once; the answers stream in side by side with their latency, time to first token and tokens, and the words that differ from the original answer are marked. Each replay is saved, to be opened again later.

The gateway has no response cache yet, so every replay reaches the backends.</source>
        <translation>Wählen Sie oben eine protokollierte Anfrage, oder geben Sie einen neuen Prompt ein. Wählen Sie dann die Ziele aus: Aliasse oder backend/model, um das Modell eines Backends direkt anzusprechen. „Replay starten“ sendet an alle gleichzeitig; die Antworten laufen nebeneinander ein, mit Latenz, Zeit bis zum ersten Token und Tokens, und Wörter, die von der ursprünglichen Antwort abweichen, werden markiert. Jedes Replay wird gespeichert und lässt sich später wieder öffnen.

Das Gateway hat noch keinen Antwort-Cache, daher erreicht jedes Replay die Backends.</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the newest captured requests and saved replays again</source>
        <translation>Die neuesten aufgezeichneten Anfragen und gespeicherten Replays neu einlesen</translation>
    </message>
    <message>
        <source>New prompt</source>
        <translation>Neuer Prompt</translation>
    </message>
    <message>
        <source>Type a prompt to send to each target…</source>
        <translation>Prompt eingeben, der an jedes Ziel geht…</translation>
    </message>
    <message>
        <source>Targets (each one gets the same request):</source>
        <translation>Ziele (jedes erhält dieselbe Anfrage):</translation>
    </message>
    <message>
        <source>Another target: alias or backend/model</source>
        <translation>Weiteres Ziel: Alias oder backend/model</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Show differences</source>
        <translation>Unterschiede zeigen</translation>
    </message>
    <message>
        <source>Mark the words that differ from the original answer (or, for a typed prompt, from the first target's answer)</source>
        <translation>Wörter markieren, die von der ursprünglichen Antwort abweichen (bei einem eingegebenen Prompt: von der Antwort des ersten Ziels)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Run replay</source>
        <translation>Replay starten</translation>
    </message>
    <message>
        <source>Open a saved replay…</source>
        <translation>Gespeichertes Replay öffnen…</translation>
    </message>
    <message>
        <source>Replay #%1 · %2 · %3</source>
        <translation>Replay #%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Alias → %1</source>
        <translation>Alias → %1</translation>
    </message>
    <message>
        <source>Backend %1 · model %2, no fallback</source>
        <translation>Backend %1 · Modell %2, ohne Fallback</translation>
    </message>
    <message>
        <source>Neither an alias nor a backend of the config</source>
        <translation>Weder ein Alias noch ein Backend der Konfiguration</translation>
    </message>
    <message>
        <source>Send a logged request, or a prompt of your own, to other models and compare the answers.</source>
        <translation>Eine protokollierte Anfrage oder einen eigenen Prompt an andere Modelle senden und die Antworten vergleichen.</translation>
    </message>
    <message>
        <source>"%1" is not an alias of the config. Type an alias, or backend/model to reach one backend's model directly.</source>
        <translation>„%1“ ist kein Alias der Konfiguration. Geben Sie einen Alias ein oder Backend/Modell, um das Modell eines Backends direkt anzusprechen.</translation>
    </message>
    <message>
        <source>"%1" is not a backend of the config.</source>
        <translation>„%1“ ist kein Backend der Konfiguration.</translation>
    </message>
    <message>
        <source>Type the model after "%1/", as the backend names it.</source>
        <translation>Geben Sie nach „%1/“ das Modell ein, so wie das Backend es nennt.</translation>
    </message>
    <message>
        <source>The mock backend "%1" has no model "%2".</source>
        <translation>Das Mock-Backend „%1“ hat kein Modell „%2“.</translation>
    </message>
    <message>
        <source>No replayable chat requests in the log yet</source>
        <translation>Noch keine erneut sendbaren Chat-Anfragen im Protokoll</translation>
    </message>
    <message>
        <source>Search logged requests: time, model or words…</source>
        <translation>Protokollierte Anfragen suchen: Zeit, Modell oder Wörter …</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <comment>time · model · first words of the prompt</comment>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Request #%1: %2</source>
        <translation>Anfrage #%1: %2</translation>
    </message>
    <message>
        <source>All answers are in; reading which backends answered…</source>
        <translation>Alle Antworten sind da; lese, welche Backends geantwortet haben …</translation>
    </message>
    <message>
        <source>A replay is running; Stop ends it.</source>
        <translation>Ein Replay läuft; Stopp beendet es.</translation>
    </message>
    <message>
        <source>This request cannot be replayed; the notice says why.</source>
        <translation>Diese Anfrage kann nicht erneut gesendet werden; der Hinweis nennt den Grund.</translation>
    </message>
    <message>
        <source>Send the request to every ticked target at once (%1)</source>
        <translation>Die Anfrage an alle angehakten Ziele gleichzeitig senden (%1)</translation>
    </message>
</context>
<context>
    <name>ui::ReplayRun</name>
    <message>
        <source>No answer was recorded.</source>
        <translation>Es wurde keine Antwort aufgezeichnet.</translation>
    </message>
    <message>
        <source>The recorded answer is cut short: bodies longer than logging.maxBodyBytes are cut.</source>
        <translation>Die aufgezeichnete Antwort ist gekürzt: Inhalte über logging.maxBodyBytes werden abgeschnitten.</translation>
    </message>
    <message>
        <source>The recorded answer is neither JSON nor a stream of events.</source>
        <translation>Die aufgezeichnete Antwort ist weder JSON noch ein Ereignisstream.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>The answer is larger than %1 MiB and was cut off.</source>
        <translation>Die Antwort ist größer als %1 MiB und wurde abgeschnitten.</translation>
    </message>
    <message>
        <source>The stream sent an event larger than 1 MiB; the answer was cut off.</source>
        <translation>Der Stream hat ein Ereignis über 1 MiB gesendet; die Antwort wurde abgeschnitten.</translation>
    </message>
    <message>
        <source>The stream ended without [DONE]: the answer may be incomplete.</source>
        <translation>Der Stream endete ohne [DONE]: Die Antwort ist möglicherweise unvollständig.</translation>
    </message>
</context>
<context>
    <name>ui::ReplayStore</name>
    <message>
        <source>There is no request log in %1.</source>
        <translation>In %1 gibt es kein Anfrageprotokoll.</translation>
    </message>
    <message>
        <source>Replay %1 is not in the log.</source>
        <translation>Replay %1 ist nicht im Protokoll.</translation>
    </message>
</context>
<context>
    <name>ui::SecretDialog</name>
    <message>
        <source>Key %1 created</source>
        <translation>Schlüssel %1 erstellt</translation>
    </message>
    <message>
        <source>Key %1 rotated</source>
        <translation>Schlüssel %1 rotiert</translation>
    </message>
    <message>
        <source>This is the secret of the key &lt;b&gt;%1&lt;/b&gt;. Give it to the client that will use it, as its API key.</source>
        <translation>Dies ist das Geheimnis des Schlüssels &lt;b&gt;%1&lt;/b&gt;. Geben Sie es dem Client, der ihn verwenden wird, als API-Schlüssel.</translation>
    </message>
    <message>
        <source>This is the new secret of the key &lt;b&gt;%1&lt;/b&gt;. The old secret no longer works: give this one to the clients that used it.</source>
        <translation>Dies ist das neue Geheimnis des Schlüssels &lt;b&gt;%1&lt;/b&gt;. Das alte Geheimnis funktioniert nicht mehr: Geben Sie dieses den Clients, die es verwendet haben.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It will not be shown again.&lt;/b&gt; Switchboard keeps only a fingerprint of it: copy it now.</source>
        <translation>&lt;b&gt;Es wird nicht noch einmal angezeigt.&lt;/b&gt; Switchboard speichert nur einen Fingerabdruck davon: Kopieren Sie es jetzt.</translation>
    </message>
    <message>
        <source>Secret of the key %1</source>
        <translation>Geheimnis des Schlüssels %1</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the secret to the clipboard</source>
        <translation>Das Geheimnis in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>ui::SettingsPage</name>
    <message>
        <source>That language could not be loaded.</source>
        <translation>Diese Sprache konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>The listen address must be HOST:PORT with an IP address, e.g. 127.0.0.1:4000.</source>
        <translation>Die Listen-Adresse muss HOST:PORT mit einer IP-Adresse sein, z. B. 127.0.0.1:4000.</translation>
    </message>
    <message>
        <source>Saved. The gateway now listens at %1.</source>
        <translation>Gespeichert. Das Gateway lauscht jetzt auf %1.</translation>
    </message>
    <message>
        <source>Saved, but the gateway did not start: %1</source>
        <translation>Gespeichert, aber das Gateway ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>Gespeichert und übernommen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gateway&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gateway&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Appearance&lt;/b&gt;</source>
        <translation>&lt;b&gt;Darstellung&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>Listen-Adresse:</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Request log:</source>
        <translation>Anfrageprotokoll:</translation>
    </message>
    <message>
        <source>Body capture limit (bytes):</source>
        <translation>Max. Inhaltsgröße (Bytes):</translation>
    </message>
    <message>
        <source>Keep rows for (days, 0 = forever):</source>
        <translation>Zeilen behalten (Tage, 0 = unbegrenzt):</translation>
    </message>
    <message>
        <source>Keep at most (rows, 0 = all):</source>
        <translation>Höchstens behalten (Zeilen, 0 = alle):</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new address restarts the gateway. The --listen option, when given, wins over this.</source>
        <translation>Eine neue Adresse startet das Gateway neu. Die Option --listen hat, falls angegeben, Vorrang.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Choose the certificate (PEM)</source>
        <translation>Zertifikat wählen (PEM)</translation>
    </message>
    <message>
        <source>Choose the private key (PEM)</source>
        <translation>Privaten Schlüssel wählen (PEM)</translation>
    </message>
    <message>
        <source>HTTPS needs a certificate and its private key: choose both files, or generate a self-signed certificate.</source>
        <translation>HTTPS braucht ein Zertifikat und seinen privaten Schlüssel: Wählen Sie beide Dateien oder erzeugen Sie ein selbstsigniertes Zertifikat.</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.cer *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Replace the certificate?</source>
        <translation>Zertifikat ersetzen?</translation>
    </message>
    <message>
        <source>%1 exists. Replace it and its key with a new self-signed certificate? Clients that trust the old one must be given the new one.</source>
        <translation>%1 existiert. Durch ein neues selbstsigniertes Zertifikat samt Schlüssel ersetzen? Clients, die dem alten vertrauen, brauchen dann das neue.</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>%1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The certificate could not be created: %1</source>
        <translation>Das Zertifikat konnte nicht erzeugt werden: %1</translation>
    </message>
    <message>
        <source>Created a self-signed certificate. Apply to serve HTTPS; clients trust it with, e.g., curl --cacert %1</source>
        <translation>Selbstsigniertes Zertifikat erzeugt. Mit „Übernehmen“ wird HTTPS bedient; Clients vertrauen ihm z. B. mit curl --cacert %1</translation>
    </message>
    <message>
        <source>The gateway serves plain HTTP.</source>
        <translation>Das Gateway spricht unverschlüsseltes HTTP.</translation>
    </message>
    <message>
        <source>No PEM certificate found in this file.</source>
        <translation>In dieser Datei ist kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>Expired on %1.</source>
        <translation>Abgelaufen am %1.</translation>
    </message>
    <message>
        <source>Valid until %1.</source>
        <translation>Gültig bis %1.</translation>
    </message>
    <message>
        <source>Names: %1.</source>
        <translation>Namen: %1.</translation>
    </message>
    <message>
        <source>Self-signed: clients must be given this file to trust it.</source>
        <translation>Selbstsigniert: Clients brauchen diese Datei, um ihm zu vertrauen.</translation>
    </message>
    <message>
        <source>HTTPS:</source>
        <translation>HTTPS:</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Zertifikat:</translation>
    </message>
    <message>
        <source>Private key:</source>
        <translation>Privater Schlüssel:</translation>
    </message>
    <message>
        <source>Serve HTTPS with this certificate (restarts the gateway)</source>
        <translation>HTTPS mit diesem Zertifikat bedienen (startet das Gateway neu)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Generate self-signed…</source>
        <translation>Selbstsigniert erzeugen…</translation>
    </message>
    <message>
        <source>PEM certificate chain, leaf first</source>
        <translation>PEM-Zertifikatskette, Endzertifikat zuerst</translation>
    </message>
    <message>
        <source>PEM private key, without a passphrase</source>
        <translation>Privater PEM-Schlüssel, ohne Passphrase</translation>
    </message>
    <message>
        <source>"%1" is not an origin. Write it as a browser sends it: scheme://host or scheme://host:port, in lower case, without a path, e.g. http://localhost:5173.</source>
        <translation>"%1" ist kein Origin. Schreiben Sie ihn so, wie ein Browser ihn sendet: scheme://host oder scheme://host:port, in Kleinbuchstaben, ohne Pfad, z. B. http://localhost:5173.</translation>
    </message>
    <message>
        <source>%1 is in the list already.</source>
        <translation>%1 steht bereits in der Liste.</translation>
    </message>
    <message>
        <source>Allowed origins:</source>
        <translation>Erlaubte Origins:</translation>
    </message>
    <message>
        <source>Add an origin:</source>
        <translation>Origin hinzufügen:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Browser access&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zugriff aus dem Browser&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Web pages may call the gateway only from these origins; with none listed, no web page can. Other clients (SDKs, scripts, curl) are not affected.</source>
        <translation>Webseiten dürfen das Gateway nur von diesen Origins aus aufrufen; ist keiner eingetragen, darf es keine Webseite. Andere Clients (SDKs, Skripte, curl) sind nicht betroffen.</translation>
    </message>
    <message>
        <source>e.g. http://localhost:5173</source>
        <translation>z. B. http://localhost:5173</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Where the gateway listens, what it records, and how the console looks.</source>
        <translation>Wo das Gateway lauscht, was es aufzeichnet und wie die Konsole aussieht.</translation>
    </message>
    <message>
        <source>Capture request and response bodies</source>
        <translation>Anfrage- und Antwortinhalte aufzeichnen</translation>
    </message>
    <message>
        <source>Bodies may hold personal data: what users typed and what the models answered.</source>
        <translation>Die Inhalte können personenbezogene Daten enthalten: was Nutzer eingegeben und was die Modelle geantwortet haben.</translation>
    </message>
</context>
<context>
    <name>ui::StatusPill</name>
    <message>
        <source>Running · %1</source>
        <translation>Läuft · %1</translation>
    </message>
    <message>
        <source>Degraded · %1</source>
        <translation>Eingeschränkt · %1</translation>
    </message>
    <message>
        <source>Not running: %1</source>
        <translation>Läuft nicht: %1</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Requests are served but not recorded: %1</source>
        <translation>Anfragen werden beantwortet, aber nicht aufgezeichnet: %1</translation>
    </message>
    <message>
        <source>Copy the gateway's address</source>
        <translation>Adresse des Gateways kopieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>Gateway stoppen</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>Gateway starten</translation>
    </message>
    <message>
        <source>Gateway not started</source>
        <translation>Gateway nicht gestartet</translation>
    </message>
    <message>
        <source>Stop the gateway?</source>
        <translation>Gateway stoppen?</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) in flight. Stopping lets them finish for up to %1 s, then closes their connections.</source>
        <translation>
            <numerusform>%n Anfrage läuft. Beim Stoppen darf sie bis zu %1 s zu Ende laufen, dann wird ihre Verbindung geschlossen.</numerusform>
            <numerusform>%n Anfragen laufen. Beim Stoppen dürfen sie bis zu %1 s zu Ende laufen, dann werden ihre Verbindungen geschlossen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::TrayIcon</name>
    <message>
        <source>Gateway not started</source>
        <translation>Gateway nicht gestartet</translation>
    </message>
    <message>
        <source>Switchboard is still running</source>
        <translation>Switchboard läuft weiter</translation>
    </message>
    <message>
        <source>The gateway keeps serving. Use the tray icon to open the console or quit.</source>
        <translation>Das Gateway bleibt in Betrieb. Über das Tray-Symbol öffnen Sie die Konsole oder beenden Switchboard.</translation>
    </message>
    <message>
        <source>Switchboard: gateway running at %1</source>
        <translation>Switchboard: Gateway läuft unter %1</translation>
    </message>
    <message>
        <source>Switchboard: gateway stopped</source>
        <translation>Switchboard: Gateway gestoppt</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>Gateway stoppen</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>Gateway starten</translation>
    </message>
    <message>
        <source>Open console</source>
        <translation>Konsole öffnen</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <translation>Switchboard beenden</translation>
    </message>
    <message>
        <source>Limit nearly reached</source>
        <translation>Limit fast erreicht</translation>
    </message>
</context>
<context>
    <name>ui::UsagePage</name>
    <message>
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>No tenant</source>
        <translation>Kein Mandant</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <source>No requests in the last hour</source>
        <translation>Keine Anfragen in der letzten Stunde</translation>
    </message>
    <message>
        <source>No requests in the last 24 hours</source>
        <translation>Keine Anfragen in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>No requests in the last 7 days</source>
        <translation>Keine Anfragen in den letzten 7 Tagen</translation>
    </message>
    <message>
        <source>No requests in the last 30 days</source>
        <translation>Keine Anfragen in den letzten 30 Tagen</translation>
    </message>
    <message>
        <source>Spend and tokens appear here as the gateway answers requests: per tenant, key and model, priced with the table on the Prices tab.</source>
        <translation>Ausgaben und Tokens erscheinen hier, sobald das Gateway Anfragen beantwortet: pro Mandant, Schlüssel und Modell, berechnet mit der Tabelle im Reiter „Preise“.</translation>
    </message>
    <message>
        <source>The request log could not be read: %1</source>
        <translation>Das Anfrageprotokoll konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The gateway is stopped</source>
        <translation>Das Gateway ist gestoppt</translation>
    </message>
    <message>
        <source>What remains of each quota and budget is counted by the running gateway. Start it with the “Start gateway” button in the status bar.</source>
        <translation>Was von jedem Kontingent und Budget bleibt, zählt das laufende Gateway. Starten Sie es mit der Schaltfläche „Gateway starten“ in der Statusleiste.</translation>
    </message>
    <message>
        <source>No quota or budget is set</source>
        <translation>Kein Kontingent und kein Budget festgelegt</translation>
    </message>
    <message>
        <source>Keys, tenants and model aliases can each have a token quota and a budget in US dollars, per day, week, month or in total: limits.quota and limits.budget in the config (keys[], tenants[], models[]), or `switchboard keys create --budget`. They show here with what remains of them.</source>
        <translation>Schlüssel, Mandanten und Modell-Aliasse können je ein Token-Kontingent und ein Budget in US-Dollar haben, pro Tag, Woche, Monat oder insgesamt: limits.quota und limits.budget in der Konfiguration (keys[], tenants[], models[]) oder `switchboard keys create --budget`. Sie erscheinen hier mit dem, was davon bleibt.</translation>
    </message>
    <message>
        <source>one point per minute</source>
        <translation>ein Punkt pro Minute</translation>
    </message>
    <message>
        <source>one point per hour</source>
        <translation>ein Punkt pro Stunde</translation>
    </message>
    <message>
        <source>one point per %1 hours</source>
        <translation>ein Punkt pro %1 Stunden</translation>
    </message>
    <message>
        <source>one point per %1 minutes</source>
        <translation>ein Punkt pro %1 Minuten</translation>
    </message>
    <message>
        <source>From the request log: %1, refreshed every 10 seconds. Each point is what was spent and used in its interval.</source>
        <translation>Aus dem Anfrageprotokoll: %1, alle 10 Sekunden aktualisiert. Jeder Punkt zeigt, was in seinem Intervall ausgegeben und verbraucht wurde.</translation>
    </message>
    <message>
        <source>Spend per minute (US dollars)</source>
        <translation>Ausgaben pro Minute (US-Dollar)</translation>
    </message>
    <message>
        <source>Spend per hour (US dollars)</source>
        <translation>Ausgaben pro Stunde (US-Dollar)</translation>
    </message>
    <message>
        <source>Spend per %1 hours (US dollars)</source>
        <translation>Ausgaben pro %1 Stunden (US-Dollar)</translation>
    </message>
    <message>
        <source>Spend per %1 minutes (US dollars)</source>
        <translation>Ausgaben pro %1 Minuten (US-Dollar)</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens pro Minute</translation>
    </message>
    <message>
        <source>Tokens per hour</source>
        <translation>Tokens pro Stunde</translation>
    </message>
    <message>
        <source>Tokens per %1 hours</source>
        <translation>Tokens pro %1 Stunden</translation>
    </message>
    <message>
        <source>Tokens per %1 minutes</source>
        <translation>Tokens pro %1 Minuten</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>letzte Stunde</translation>
    </message>
    <message>
        <source>last 24 h</source>
        <translation>letzte 24 Std.</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>letzte 7 Tage</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>letzte 30 Tage</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>Prompt-Tokens</translation>
    </message>
    <message>
        <source>Completion tokens</source>
        <translation>Completion-Tokens</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>&amp;Spend and tokens</source>
        <translation>&amp;Ausgaben und Tokens</translation>
    </message>
    <message>
        <source>&amp;What remains</source>
        <translation>&amp;Was bleibt</translation>
    </message>
    <message>
        <source>&amp;Prices</source>
        <translation>&amp;Preise</translation>
    </message>
    <message>
        <source>G&amp;roup by:</source>
        <translation>G&amp;ruppieren nach:</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Gruppieren nach</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 Tage</translation>
    </message>
    <message>
        <source>Time range: %1</source>
        <translation>Zeitraum: %1</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Totals for the range</source>
        <translation>Summen für den Zeitraum</translation>
    </message>
    <message>
        <source>Each quota and budget, with what is used in its current period (requests in flight are counted at what they reserved). Past its alert threshold a row turns amber; at its limit, red: requests are then refused until the period resets.</source>
        <translation>Jedes Kontingent und Budget mit dem Verbrauch im laufenden Zeitraum (laufende Anfragen zählen mit ihrer Reservierung). Nach der Warnschwelle wird eine Zeile bernsteinfarben, am Limit rot: Anfragen werden dann abgelehnt, bis der Zeitraum zurückgesetzt wird.</translation>
    </message>
    <message>
        <source>What remains of each quota and budget</source>
        <translation>Was von jedem Kontingent und Budget bleibt</translation>
    </message>
    <message>
        <source>Spend and tokens per tenant, key and model; what remains of budgets and quotas; prices.</source>
        <translation>Ausgaben und Tokens pro Mandant, Schlüssel und Modell; was von Budgets und Kontingenten bleibt; Preise.</translation>
    </message>
</context>
</TS>