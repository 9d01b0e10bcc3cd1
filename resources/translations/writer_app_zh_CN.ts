<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ContinueLengthMenu</name>
    <message>
        <source>Continue &amp;Length</source>
        <translation>续写长度(&amp;L)</translation>
    </message>
    <message>
        <source>How much Continue Writing adds: it stops at the end of that unit</source>
        <translation>续写一次写多少：写到所选单位的末尾就停下</translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>{name}: this window and the file on disk</source>
        <translation>{name}：本窗口与磁盘上的文件</translation>
    </message>
    <message>
        <source>Underlined: only in this window. Struck through: only in the file on disk, which saving here would remove.</source>
        <translation>加下划线的：只在本窗口中。加删除线的：只在磁盘上的文件中，在这里保存会把它删掉。</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>要保存对“{name}”的修改吗？</translation>
    </message>
    <message>
        <source>Unsaved text could not be kept safe: {reason}</source>
        <translation>未保存的文字无法备份：{reason}</translation>
    </message>
    <message>
        <source>Restored the unsaved text of {name}.</source>
        <translation>已恢复“{name}”中未保存的文字。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>{count} bytes could not be read and are shown as �.</source>
        <translation>有 {count} 个字节无法读取，显示为 �。</translation>
    </message>
    <message>
        <source>Open with replacements</source>
        <translation>替换后打开</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open Anyway</source>
        <translation>仍然打开</translation>
    </message>
    <message>
        <source>Open elsewhere</source>
        <translation>已在别处打开</translation>
    </message>
    <message>
        <source>{name} is already open in another writer-app window (process {pid}). If both change it, the one saved last replaces the other&apos;s changes. Open it here too?</source>
        <translation>“{name}”已在另一个 writer-app 窗口中打开（进程 {pid}）。如果两边都修改，后保存的会覆盖先保存的。仍要在这里打开吗？</translation>
    </message>
    <message>
        <source>Lines longer than {count} characters are shown in pieces; saving joins them again as they were.</source>
        <translation>超过 {count} 个字符的行会分段显示；保存时会按原样重新拼接。</translation>
    </message>
    <message>
        <source>Opened.</source>
        <translation>已打开。</translation>
    </message>
    <message>
        <source>{name} was moved or deleted by another program; saving will ask before writing it there again.</source>
        <translation>“{name}”已被其他程序移动或删除；保存时会先询问，再写回原处。</translation>
    </message>
    <message>
        <source>{name} was changed by another program; saving will ask before replacing it.</source>
        <translation>“{name}”已被其他程序修改；保存时会先询问，再覆盖它。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Changed on disk</source>
        <translation>磁盘上的文件已改变</translation>
    </message>
    <message>
        <source>{name} was changed by another program. You have no unsaved changes here: reload it to see the new version?</source>
        <translation>“{name}”已被其他程序修改。你在这里没有未保存的修改：要重新载入，查看新版本吗？</translation>
    </message>
    <message>
        <source>Keep This Version</source>
        <translation>保留当前版本</translation>
    </message>
    <message>
        <source>Reopen with Encoding</source>
        <translation>以其他编码重新打开</translation>
    </message>
    <message>
        <source>Read the file as:</source>
        <translation>按此编码读取文件：</translation>
    </message>
    <message>
        <source>The document has not been saved yet.</source>
        <translation>文档尚未保存过。</translation>
    </message>
    <message>
        <source>Save with Encoding</source>
        <translation>以其他编码保存</translation>
    </message>
    <message>
        <source>Save the text as:</source>
        <translation>按此编码保存文字：</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)</source>
        <translation>文本和 Markdown (*.txt *.md *.markdown *.text);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save as UTF-8</source>
        <translation>存为 UTF-8</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存“{name}”</translation>
    </message>
    <message>
        <source>Saved as a file of its own</source>
        <translation>已存为独立的文件</translation>
    </message>
    <message>
        <source>{name} had {count} other names (hard links) for the same file. writer-app saves by replacing the file, so that a crash can never leave it half written; the other names keep the text as it was before this save.</source>
        <translation>“{name}”还有 {count} 个别名（硬链接）指向同一个文件。writer-app 保存时会整个替换文件，这样即使崩溃也不会只写了一半；那些别名保留的是这次保存之前的内容。</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Save over it?</source>
        <translation>要覆盖它吗？</translation>
    </message>
</context>
<context>
    <name>DownloadService</name>
    <message>
        <source>The Hub request failed</source>
        <translation>向模型库请求失败</translation>
    </message>
    <message>
        <source>The download failed</source>
        <translation>下载失败</translation>
    </message>
</context>
<context>
    <name>EngineService</name>
    <message>
        <source>The model could not be loaded</source>
        <translation>模型无法加载</translation>
    </message>
    <message>
        <source>Something went wrong in the engine</source>
        <translation>引擎出了问题</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>writer-app hit an unexpected problem ({error}). Your text is still in the window: save it now. The details are in the log file {file}.</source>
        <translation>writer-app 遇到了意外问题（{error}）。你的文字还在窗口里，请立即保存。详细信息见日志文件 {file}。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>{words} words · {characters} characters</source>
        <translation>{words} 字 · 共 {characters} 个字符</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>Checking {size}…</source>
        <translation>正在校验 {size}…</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>还剩 {time}</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <source>Thought for {time}</source>
        <translation>思考了 {time}</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved text</source>
        <translation>恢复未保存的文字</translation>
    </message>
    <message>
        <source>writer-app was closed before this text was saved. Restore it, or discard it. Underlined text is what the file on disk does not have.</source>
        <translation>writer-app 在这些文字保存之前就关闭了。你可以恢复或丢弃它们。加下划线的是磁盘上的文件中没有的内容。</translation>
    </message>
    <message>
        <source>never saved</source>
        <translation>从未保存</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>稍后再说</translation>
    </message>
</context>
<context>
    <name>RewritePanel</name>
    <message>
        <source>Instruction: {text}</source>
        <translation>要求：{text}</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排对照</translation>
    </message>
    <message>
        <source>Show the original and the rewrite in two columns</source>
        <translation>左右两栏显示原文和改写</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>不用</translation>
    </message>
</context>
<context>
    <name>ServersDialog</name>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>While a server model is in use, your text is sent to that server, and to no other. Use https for a server that is not on your own network.</source>
        <translation>使用服务器上的模型时，你的文字会发送到该服务器，且只发送到该服务器。不在你自己网络内的服务器，请使用 https。</translation>
    </message>
    <message>
        <source>Use the &amp;Local Model</source>
        <translation>使用本机模型(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>GPU box</source>
        <translation>GPU 主机</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>the usual certificate authorities</source>
        <translation>常用的证书颁发机构</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>地址(&amp;D)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Use This Model</source>
        <translation>使用此模型(&amp;U)</translation>
    </message>
    <message>
        <source>Models on this server:</source>
        <translation>此服务器上的模型：</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>新服务器</translation>
    </message>
    <message>
        <source>Certificate Authority</source>
        <translation>证书颁发机构</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message>
        <source>Could not connect. {reason}</source>
        <translation>无法连接。{reason}</translation>
    </message>
    <message>
        <source>Connected to {host}:{port}: 1 model. Choose one to use it.</source>
        <translation>已连接到 {host}:{port}：有 1 个模型。选中它即可使用。</translation>
    </message>
    <message>
        <source>Connected to {host}:{port}: {count} models. Choose one to use it.</source>
        <translation>已连接到 {host}:{port}：有 {count} 个模型。选择一个即可使用。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>{backend}: {layers} of {total} layers</source>
        <translation>{backend}：{total} 层中的 {layers} 层</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>https://huggingface.co (or HF_ENDPOINT)</source>
        <translation>https://huggingface.co（或 HF_ENDPOINT）</translation>
    </message>
    <message>
        <source>e.g. http://proxy.example:8080 (empty: system)</source>
        <translation>例如 http://proxy.example:8080（留空：使用系统设置）</translation>
    </message>
    <message>
        <source>only for gated or private models</source>
        <translation>仅用于需授权或私有的模型</translation>
    </message>
    <message>
        <source>Work offline (no downloads, no Hub search)</source>
        <translation>离线工作（不下载，不搜索模型库）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Completion: the model goes on from the document&apos;s last words, as a base model does.
Chat: the model&apos;s chat template, with its answer started by the document&apos;s last words.
Automatic: whichever of the two works better for the model.</source>
        <translation>补全：模型像基础模型那样，从文档的最后几个字接着写。
对话：使用模型的对话模板，回答以文档的最后几个字开头。
自动：两者中对该模型效果更好的那种。</translation>
    </message>
    <message>
        <source>e.g. \n\n, THE END  (comma separated; \n is a newline)</source>
        <translation>例如 \n\n, 全文完（用逗号分隔；\n 表示换行）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>auto: as many layers as fit in the GPU&apos;s free memory.
0: the CPU only. A number: that many layers.</source>
        <translation>自动：GPU 空闲显存能放下多少层就放多少层。
0：只用 CPU。填一个数字：放这么多层。</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>写作</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Continue length:</source>
        <translation>续写长度：</translation>
    </message>
    <message>
        <source>Continue prompt:</source>
        <translation>续写提示方式：</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Min-p:</source>
        <translation>Min-p：</translation>
    </message>
    <message>
        <source>Repeat penalty:</source>
        <translation>重复惩罚：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Maximum length (tokens):</source>
        <translation>最大长度（词元）：</translation>
    </message>
    <message>
        <source>Stop sequences:</source>
        <translation>停止序列：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>The language applies when writer-app is next started. System: the language of this computer.</source>
        <translation>界面语言在下次启动 writer-app 时生效。“跟随系统”即使用这台电脑的语言。</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>These apply when the model is next loaded.</source>
        <translation>这些设置在下次加载模型时生效。</translation>
    </message>
    <message>
        <source>Context size (tokens):</source>
        <translation>上下文长度（词元）：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>GPU layers:</source>
        <translation>GPU 层数：</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>The engine has not reported its hardware yet.</source>
        <translation>引擎还没有报告硬件信息。</translation>
    </message>
    <message>
        <source>GPU:</source>
        <translation>GPU：</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Free memory</source>
        <translation>空闲内存</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>CPU features:</source>
        <translation>CPU 特性：</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>llama.cpp:</source>
        <translation>llama.cpp：</translation>
    </message>
    <message>
        <source>llama-cpp-python {version}, backends: {backends}</source>
        <translation>llama-cpp-python {version}，后端：{backends}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Used for downloads only; writing never uses the network.</source>
        <translation>仅用于下载模型；写作时从不联网。</translation>
    </message>
    <message>
        <source>Mirror endpoint:</source>
        <translation>镜像地址：</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>代理：</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
</context>
<context>
    <name>StreamPanel</name>
    <message>
        <source>The result before this one</source>
        <translation>上一个结果</translation>
    </message>
    <message>
        <source>The result after this one</source>
        <translation>下一个结果</translation>
    </message>
    <message>
        <source>The length of the passage, and of this result</source>
        <translation>原文的长度，以及这个结果的长度</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Insert at cursor</source>
        <translation>插入到光标处</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Rephrase</source>
        <translation>换个说法</translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation>缩短</translation>
    </message>
    <message>
        <source>Longer</source>
        <translation>扩写</translation>
    </message>
    <message>
        <source>More formal</source>
        <translation>更正式</translation>
    </message>
    <message>
        <source>More casual</source>
        <translation>更口语</translation>
    </message>
    <message>
        <source>Fix grammar and spelling</source>
        <translation>修正语法和错别字</translation>
    </message>
    <message>
        <source>Translate to English</source>
        <translation>译成英文</translation>
    </message>
    <message>
        <source>Translate to Chinese</source>
        <translation>译成中文</translation>
    </message>
    <message>
        <source>A few words</source>
        <translation>几个词</translation>
    </message>
    <message>
        <source>A sentence</source>
        <translation>一句</translation>
    </message>
    <message>
        <source>A paragraph</source>
        <translation>一段</translation>
    </message>
    <message>
        <source>Longer (up to the maximum length)</source>
        <translation>更长（直到最大长度）</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>字</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>{before} → {after} {unit}</source>
        <translation>{before} → {after} {unit}</translation>
    </message>
    <message>
        <source>The model returned no text.</source>
        <translation>模型没有返回任何文字。</translation>
    </message>
    <message>
        <source>The summary is not shorter than the text it summarizes.</source>
        <translation>摘要并不比原文短。</translation>
    </message>
    <message>
        <source>The rewrite only repeats the original.</source>
        <translation>改写只是重复了原文。</translation>
    </message>
    <message>
        <source>The original has {before} paragraphs and the rewrite {after}: check the breaks before you accept it.</source>
        <translation>原文有 {before} 段，改写有 {after} 段：采用之前请检查分段。</translation>
    </message>
    <message>
        <source>You asked for shorter, but this is not shorter ({before} → {after} {unit}).</source>
        <translation>你要求缩短，但结果并没有变短（{before} → {after} {unit}）。</translation>
    </message>
    <message>
        <source>You asked for longer, but this is not longer ({before} → {after} {unit}).</source>
        <translation>你要求扩写，但结果并没有变长（{before} → {after} {unit}）。</translation>
    </message>
    <message>
        <source>You asked for Chinese, but this is mostly not in Chinese script.</source>
        <translation>你要求译成中文，但结果大部分不是中文。</translation>
    </message>
    <message>
        <source>You asked for English, but this is mostly not in Latin script.</source>
        <translation>你要求译成英文，但结果大部分不是拉丁字母。</translation>
    </message>
    <message>
        <source>The length changed a lot ({before} → {after} {unit}); check that nothing was lost or added.</source>
        <translation>长度变化很大（{before} → {after} {unit}）；请检查有没有漏掉或添加内容。</translation>
    </message>
</context>
</TS>
