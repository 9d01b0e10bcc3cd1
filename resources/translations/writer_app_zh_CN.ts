<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ContinueLengthMenu</name>
    <message>
        <source>Continue &amp;Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much Continue Writing adds: it stops at the end of that unit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>{name}: this window and the file on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underlined: only in this window. Struck through: only in the file on disk, which saving here would remove.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved text could not be kept safe: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the unsaved text of {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} bytes could not be read and are shown as �.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open with replacements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is already open in another writer-app window (process {pid}). If both change it, the one saved last replaces the other&apos;s changes. Open it here too?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines longer than {count} characters are shown in pieces; saving joins them again as they were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was moved or deleted by another program; saving will ask before writing it there again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was changed by another program; saving will ask before replacing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was changed by another program. You have no unsaved changes here: reload it to see the new version?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep This Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen with Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the file as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document has not been saved yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save with Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the text as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as a file of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} had {count} other names (hard links) for the same file. writer-app saves by replacing the file, so that a crash can never leave it half written; the other names keep the text as it was before this save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save over it?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadService</name>
    <message>
        <source>The Hub request failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineService</name>
    <message>
        <source>The model could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong in the engine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>writer-app hit an unexpected problem ({error}). Your text is still in the window: save it now. The details are in the log file {file}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>{count} Chinese characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{units} · {characters} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {size}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thought for {time}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writer-app was closed before this text was saved. Restore it, or discard it. Underlined text is what the file on disk does not have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RewritePanel</name>
    <message>
        <source>Instruction: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the original and the rewrite in two columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServersDialog</name>
    <message>
        <source>Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While a server model is in use, your text is sent to that server, and to no other. Use https for a server that is not on your own network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the &amp;Local Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the usual certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use This Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models on this server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate Authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to {host}:{port}: 1 model. Choose one to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to {host}:{port}: {count} models. Choose one to use it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>{backend}: {layers} of {total} layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://huggingface.co (or HF_ENDPOINT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. http://proxy.example:8080 (empty: system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only for gated or private models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work offline (no downloads, no Hub search)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion: the model goes on from the document&apos;s last words, as a base model does.
Chat: the model&apos;s chat template, with its answer started by the document&apos;s last words.
Automatic: whichever of the two works better for the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. \n\n, THE END  (comma separated; \n is a newline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto: as many layers as fit in the GPU&apos;s free memory.
0: the CPU only. A number: that many layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum length (tokens):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sequences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language applies when writer-app is next started. System: the language of this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These apply when the model is next loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context size (tokens):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine has not reported its hardware yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU features:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama-cpp-python {version}, backends: {backends}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used for downloads only; writing never uses the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mirror endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StreamPanel</name>
    <message>
        <source>The result before this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result after this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The length of the passage, and of this result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert at cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Rephrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More formal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More casual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix grammar and spelling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate to English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate to Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A few words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longer (up to the maximum length)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{before} → {after} {unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model returned no text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The summary is not shorter than the text it summarizes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rewrite only repeats the original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The original has {before} paragraphs and the rewrite {after}: check the breaks before you accept it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked for shorter, but this is not shorter ({before} → {after} {unit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked for longer, but this is not longer ({before} → {after} {unit}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked for Chinese, but this is mostly not in Chinese script.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked for English, but this is mostly not in Latin script.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The length changed a lot ({before} → {after} {unit}); check that nothing was lost or added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
