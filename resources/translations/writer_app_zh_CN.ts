<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdaptersController</name>
    <message>
        <source>&amp;Adapters…</source>
        <translation>适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>Add LoRA adapters to the model, switch them on or off, and set how strongly each one applies</source>
        <translation>为模型添加 LoRA 适配器，开启或关闭它们，并设置每个适配器的作用强度</translation>
    </message>
    <message>
        <source>A server&apos;s model takes no adapters from writer-app; use a local model for adapters</source>
        <translation>服务器上的模型不能从 writer-app 添加适配器；要使用适配器，请改用本地模型</translation>
    </message>
    <message>
        <source>Adapters switched off</source>
        <translation>已关闭适配器</translation>
    </message>
    <message numerus="yes">
        <source>{model} + %n adapters</source>
        <translation>
            <numerusform>{model} + %n 个适配器</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} is already in the list.</source>
        <translation>{name} 已在列表中。</translation>
    </message>
    <message>
        <source>Applying the adapters…</source>
        <translation>正在应用适配器…</translation>
    </message>
    <message>
        <source>Applied: {model}</source>
        <translation>已应用：{model}</translation>
    </message>
    <message>
        <source>The adapters could not be applied</source>
        <translation>无法应用适配器</translation>
    </message>
</context>
<context>
    <name>AdaptersDialog</name>
    <message>
        <source>Adapters for {model}</source>
        <translation>{model} 的适配器</translation>
    </message>
    <message>
        <source>LoRA adapters tune {model} to a domain or a style. Each one must be made for this model; a scale of 1 applies it as it was trained, 0 switches it off.</source>
        <translation>LoRA 适配器让 {model} 适应某个领域或文风。每个适配器都必须是为这个模型制作的；强度 1 按训练时的效果应用，0 则关闭它。</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Scale of {adapter}</source>
        <translation>{adapter} 的强度</translation>
    </message>
    <message>
        <source>Add LoRA Adapter</source>
        <translation>添加 LoRA 适配器</translation>
    </message>
    <message>
        <source>GGUF adapters (*.gguf);;All files (*)</source>
        <translation>GGUF 适配器 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>AiUseReportDialog</name>
    <message>
        <source>AI Use Report — {name}</source>
        <translation>AI 使用报告 — {name}</translation>
    </message>
    <message>
        <source>Passages the model wrote</source>
        <translation>模型写的段落</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>&amp;Copy Report</source>
        <translation>复制报告(&amp;C)</translation>
    </message>
    <message>
        <source>No text in this document was written by a language model in writer-app, or all of it has since been rewritten or marked as your own.</source>
        <translation>本文档中没有由 writer-app 中的语言模型写的文字，或者这些文字都已被你改写或标记为你自己写的。</translation>
    </message>
    <message>
        <source>A language model wrote {share} % of this document ({ai} of {total} characters, not counting spaces). Generator: {generator}. Models: {models}.</source>
        <translation>本文档有 {share}% 由语言模型生成（{total} 个字符中的 {ai} 个，不计空白）。生成工具：{generator}。模型：{models}。</translation>
    </message>
    <message>
        <source>AI use report: {name}</source>
        <translation>AI 使用报告：{name}</translation>
    </message>
    <message>
        <source>{number}. {action}, {model}, {time}:</source>
        <translation>{number}. {action}，{model}，{time}：</translation>
    </message>
</context>
<context>
    <name>AssistantController</name>
    <message>
        <source>&amp;Continue Writing</source>
        <translation>续写(&amp;C)</translation>
    </message>
    <message>
        <source>Let the model continue at the cursor (Ctrl+Enter)</source>
        <translation>让模型在光标处接着写（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>&amp;Summarize</source>
        <translation>摘要(&amp;S)</translation>
    </message>
    <message>
        <source>Summarize the selection, or the whole document</source>
        <translation>为选中的文字或整篇文档写摘要</translation>
    </message>
    <message>
        <source>Rewrite with &amp;Instruction…</source>
        <translation>按指令改写(&amp;I)…</translation>
    </message>
    <message>
        <source>Rewrite the selection following your own instruction</source>
        <translation>按你自己的指令改写选中的文字</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the assistant (Esc)</source>
        <translation>停止助手（Esc）</translation>
    </message>
    <message>
        <source>Rewrite the selection: {style}</source>
        <translation>改写选中的文字：{style}</translation>
    </message>
    <message>
        <source>&amp;Rewrite Selection</source>
        <translation>改写选中的文字(&amp;R)</translation>
    </message>
    <message>
        <source>Use Draft {number}</source>
        <translation>用第 {number} 稿</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Show or hide the assistant&apos;s panel: its results and their buttons ({key})</source>
        <translation>显示或隐藏助手面板：其中的结果和按钮（{key}）</translation>
    </message>
    <message>
        <source>The document is still opening…</source>
        <translation>文档还在打开中…</translation>
    </message>
    <message>
        <source>The model is still loading…</source>
        <translation>模型还在加载中…</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <source>Click the draft to insert at the cursor, or press Alt and its number.</source>
        <translation>点击一份草稿，插入到光标处；也可以按 Alt 加草稿编号。</translation>
    </message>
    <message>
        <source>Writing drafts…</source>
        <translation>正在写草稿…</translation>
    </message>
    <message>
        <source>There is nothing to summarize yet.</source>
        <translation>还没有可以摘要的内容。</translation>
    </message>
    <message>
        <source>Of the selection</source>
        <translation>选中的文字</translation>
    </message>
    <message>
        <source>Of the whole document</source>
        <translation>整篇文档</translation>
    </message>
    <message>
        <source>Summarizing…</source>
        <translation>正在写摘要…</translation>
    </message>
    <message>
        <source>The assistant needs a language model. Choose Model ▸ Models… to download one (the recommended one is about {size}, once), or Model ▸ Open Model File… for a .gguf file you have. The model runs on this computer; nothing you write leaves it.</source>
        <translation>助手需要一个语言模型。请选择“模型 ▸ 模型…”下载一个（推荐的模型约 {size}，只需下载一次），或用“模型 ▸ 打开模型文件…”选择你已有的 .gguf 文件。模型在这台电脑上运行，你写的内容不会离开它。</translation>
    </message>
    <message>
        <source>Select the text to rewrite first.</source>
        <translation>请先选中要改写的文字。</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>How should the selection be rewritten?</source>
        <translation>选中的文字要怎样改写？</translation>
    </message>
    <message>
        <source>Rewriting…</source>
        <translation>正在改写…</translation>
    </message>
    <message>
        <source>The assistant stopped</source>
        <translation>助手已停止</translation>
    </message>
    <message>
        <source>Summarizing again…</source>
        <translation>正在重新写摘要…</translation>
    </message>
    <message>
        <source>Writing drafts again…</source>
        <translation>正在重写草稿…</translation>
    </message>
    <message>
        <source>Rewriting again…</source>
        <translation>正在重新改写…</translation>
    </message>
    <message>
        <source>Writing more drafts…</source>
        <translation>正在多写几份草稿…</translation>
    </message>
    <message>
        <source>The passage changed</source>
        <translation>段落已改动</translation>
    </message>
    <message>
        <source>The selected passage was edited while the rewrite was under review, so it was not replaced. Select it again and retry.</source>
        <translation>选中的段落在审阅改写时被修改过，因此没有替换。请重新选中后再试一次。</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <source>New from Brief</source>
        <translation>根据要点新建</translation>
    </message>
    <message>
        <source>What the text is about</source>
        <translation>文章写的是什么</translation>
    </message>
    <message>
        <source>Words the text must use, separated by commas</source>
        <translation>文章必须用到的词，用逗号分隔</translation>
    </message>
    <message>
        <source>Who will read it</source>
        <translation>写给谁看</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese (Simplified)</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>&amp;Genre:</source>
        <translation>体裁(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Keywords:</source>
        <translation>关键词(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Audience:</source>
        <translation>读者(&amp;A)：</translation>
    </message>
    <message>
        <source>T&amp;one:</source>
        <translation>语气(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Sections:</source>
        <translation>章节数(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>T&amp;emplates…</source>
        <translation>模板(&amp;E)…</translation>
    </message>
    <message>
        <source>Write &amp;Outline</source>
        <translation>写提纲(&amp;O)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Step 1 of 3: the brief</source>
        <translation>第 1 步，共 3 步：要点</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>大纲</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Write Outline &amp;Again</source>
        <translation>重写提纲(&amp;A)</translation>
    </message>
    <message>
        <source>Write &amp;Draft</source>
        <translation>写草稿(&amp;D)</translation>
    </message>
    <message>
        <source>Step 2 of 3: the outline. Change it as you like: one heading per line, with what the section covers below it.</source>
        <translation>第 2 步，共 3 步：提纲。可以随意修改：每行一个标题，标题下面写这一节的内容。</translation>
    </message>
    <message>
        <source>&lt;b&gt;New from Brief&lt;/b&gt;</source>
        <translation>&lt;b&gt;根据要点新建&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Progress of the draft</source>
        <translation>初稿进度</translation>
    </message>
    <message>
        <source>Keywords the draft does not use</source>
        <translation>初稿没有用到的关键词</translation>
    </message>
    <message>
        <source>&amp;Work It In</source>
        <translation>写进去(&amp;W)</translation>
    </message>
    <message>
        <source>Rewrite the paragraph nearest to the keyword so that it uses it</source>
        <translation>改写离这个关键词最近的段落，让它用上这个词</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>L&amp;ength (characters):</source>
        <translation>篇幅（字数）(&amp;E)：</translation>
    </message>
    <message>
        <source>L&amp;ength (words):</source>
        <translation>篇幅（词数）(&amp;E)：</translation>
    </message>
    <message>
        <source>Say what the text is about: fill in the topic.</source>
        <translation>请说明文章写什么：填写主题。</translation>
    </message>
    <message>
        <source>Writing the outline…</source>
        <translation>正在写提纲…</translation>
    </message>
    <message>
        <source>Stopped. Finish the outline yourself, or write it again.</source>
        <translation>已停止。你可以自己把提纲写完，或者重写一遍。</translation>
    </message>
    <message>
        <source>The outline is ready: edit it if you like, then write the draft.</source>
        <translation>大纲已写好：可以先修改，再写初稿。</translation>
    </message>
    <message>
        <source>No sections could be read from this outline: write one heading per line, or write the outline again.</source>
        <translation>无法从这份提纲中读出任何章节：请每行写一个标题，或者重写提纲。</translation>
    </message>
    <message>
        <source>The outline is not in the language of the brief. Edit it or write it again.</source>
        <translation>提纲的语言与写作要求不符。请修改提纲，或重新生成。</translation>
    </message>
    <message numerus="yes">
        <source>The outline has %n section(s). Edit it, then write the draft.</source>
        <translation>
            <numerusform>提纲共有 %n 节。修改好后，就可以写草稿了。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The outline has %n section(s); you asked for {asked}. Edit it or write it again.</source>
        <translation>
            <numerusform>提纲共有 %n 节，而你要的是 {asked} 节。请修改提纲，或者重写一遍。</numerusform>
        </translation>
    </message>
    <message>
        <source>The outline has no sections: write one heading per line.</source>
        <translation>提纲里没有章节：请每行写一个标题。</translation>
    </message>
    <message>
        <source>The draft needs a new document: save or discard the open one first.</source>
        <translation>草稿需要写在新文档中：请先保存或丢弃当前打开的文档。</translation>
    </message>
    <message>
        <source>Writing the draft…</source>
        <translation>正在写草稿…</translation>
    </message>
    <message>
        <source>Section {index} of {count}: {heading}</source>
        <translation>第 {index} 节，共 {count} 节：{heading}</translation>
    </message>
    <message>
        <source>Stopped. What was written so far is in the document.</source>
        <translation>已停止。已经写好的部分在文档中。</translation>
    </message>
    <message>
        <source>The draft is written and uses every keyword.</source>
        <translation>草稿已写好，用上了所有关键词。</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>已停止：没有做任何改动。</translation>
    </message>
    <message>
        <source>The draft is written. It never uses these keywords: choose one to work it in.</source>
        <translation>草稿已写好，但没有用到下面这些关键词：选一个把它写进去。</translation>
    </message>
    <message>
        <source>Working “{keyword}” into the draft…</source>
        <translation>正在把“{keyword}”写进草稿…</translation>
    </message>
    <message>
        <source>The draft has no paragraph to work the keyword into.</source>
        <translation>草稿中没有可以写进关键词的段落。</translation>
    </message>
    <message>
        <source>The document changed while the paragraph was being rewritten: choose Work It In again.</source>
        <translation>改写段落时文档被修改了：请再选一次“写进去”。</translation>
    </message>
    <message>
        <source>The model did not use “{keyword}” in its rewrite, so nothing was changed. Choose Work It In again, or add the word yourself.</source>
        <translation>模型改写时没有用上“{keyword}”，文档未作改动。请再选一次“写进去”，或者自己把这个词加进去。</translation>
    </message>
    <message>
        <source>The rewrite would shorten the paragraph to less than half its length, so nothing was changed. Choose Work It In again, or add “{keyword}” yourself.</source>
        <translation>改写会把这段文字删到不足原来的一半，文档未作改动。请再选一次“写进去”，或者自己把“{keyword}”加进去。</translation>
    </message>
    <message>
        <source>“{keyword}” is worked in; Undo takes it out again.</source>
        <translation>已写进“{keyword}”；撤销即可去掉。</translation>
    </message>
</context>
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
    <name>ContinuePanel</name>
    <message>
        <source>Continue</source>
        <translation>续写</translation>
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
        <source>{name} is open in writer-app on another computer, {host} (process {pid}), or was when that computer stopped. If both change it, the one saved last replaces the other&apos;s changes. Open it here too?</source>
        <translation>“{name}”已在另一台计算机 {host} 上的 writer-app 中打开（进程 {pid}），或那台计算机停止时仍处于打开状态。如果两边都修改，后保存的会覆盖先保存的。仍要在这里打开吗？</translation>
    </message>
    <message>
        <source>Lines over {count} characters are shown in pieces; saving joins them again.</source>
        <translation>超过 {count} 个字符的行会分段显示；保存时会重新接好。</translation>
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
    <name>DocumentStatusController</name>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Context ≈ {share:.0%}</source>
        <translation>上下文 ≈ {share:.0%}</translation>
    </message>
    <message>
        <source>The document fills about {share:.0%} of the model&apos;s {n_ctx:,}-token context window. Longer documents are read around the cursor.</source>
        <translation>文档约占模型 {n_ctx:,} 词元上下文窗口的 {share:.0%}。更长的文档会围绕光标读取。</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Opening… {share:.0%}</source>
        <translation>正在打开… {share:.0%}</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Download of {name}</source>
        <translation>{name} 的下载</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Connecting to {source}…</source>
        <translation>正在连接 {source}…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Paused at {percent}%: resume any time, also after a restart.</source>
        <translation>已暂停在 {percent}%：随时可以继续，重启后也可以。</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Downloaded and verified.</source>
        <translation>已下载并校验。</translation>
    </message>
    <message>
        <source>{name} is downloaded and verified.</source>
        <translation>{name} 已下载并校验。</translation>
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
    <name>EditorViewController</name>
    <message>
        <source>Editor Font</source>
        <translation>编辑器字体</translation>
    </message>
</context>
<context>
    <name>EngineService</name>
    <message>
        <source>The model is writing in another window. Wait until it is done, or stop it there, then try again.</source>
        <translation>模型正在另一个窗口里写作。请等它写完，或在那个窗口里停止，然后再试一次。</translation>
    </message>
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
    <name>ExportController</name>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save a copy as Word, OpenDocument, PDF, a web page or plain text</source>
        <translation>另存一份 Word、OpenDocument、PDF、网页或纯文本副本</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Print the document, with a preview first</source>
        <translation>打印文档，先显示预览</translation>
    </message>
    <message>
        <source>Copy as For&amp;matted Text</source>
        <translation>复制为带格式文本(&amp;M)</translation>
    </message>
    <message>
        <source>Copy the selection, or the whole document, with its headings, lists and emphasis, to paste into Word, WPS or a web editor</source>
        <translation>复制选中内容或整篇文档，保留标题、列表和强调，可粘贴到 Word、WPS 或网页编辑器</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>That is the document&apos;s own file: choose another name for the export.</source>
        <translation>这是文档本身的文件：请为导出的文件另取一个名字。</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>正在导出到 {path}…</translation>
    </message>
    <message>
        <source>The export failed because of an error in writer-app; the document is safe.</source>
        <translation>由于 writer-app 的内部错误，导出失败；文档本身完好无损。</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <source>Print Preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>Copied with its formatting.</source>
        <translation>已带格式复制。</translation>
    </message>
    <message>
        <source>The whole document was copied with its formatting.</source>
        <translation>已带格式复制整篇文档。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>A4 (210 × 297 mm)</source>
        <translation>A4（210 × 297 毫米）</translation>
    </message>
    <message>
        <source>Letter (8.5 × 11 in)</source>
        <translation>Letter（8.5 × 11 英寸）</translation>
    </message>
    <message>
        <source>&amp;Paper:</source>
        <translation>纸张(&amp;P)：</translation>
    </message>
    <message>
        <source>Add a &amp;line saying that parts were generated with AI</source>
        <translation>在文末加一行，注明部分内容由人工智能生成(&amp;L)</translation>
    </message>
    <message>
        <source>The document itself is not changed.</source>
        <translation>文档本身不会改变。</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>文件(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>The model wrote none of this text.</source>
        <translation>本文没有语言模型写的内容。</translation>
    </message>
    <message>
        <source>{percent} % of this text was written by the model. The file&apos;s properties will say so; Settings can turn this off.</source>
        <translation>本文有 {percent}% 的内容由语言模型写成，文件属性中会注明这一点；可在设置中关闭。</translation>
    </message>
    <message>
        <source>{percent} % of this text was written by the model.</source>
        <translation>本文有 {percent}% 的内容由语言模型写成。</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}. Replace it with this export?</source>
        <translation>{folder} 中已有 {name}。要用这次导出的文件替换它吗？</translation>
    </message>
    <message>
        <source>Export As</source>
        <translation>导出为</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Clear the text to find</source>
        <translation>清除要查找的文字</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Match &amp;case</source>
        <translation>区分大小写(&amp;C)</translation>
    </message>
    <message>
        <source>Tell capital letters from small ones</source>
        <translation>区分大写字母与小写字母</translation>
    </message>
    <message>
        <source>&amp;Whole words</source>
        <translation>全字匹配(&amp;W)</translation>
    </message>
    <message>
        <source>Only matches that are whole words (each Chinese character is a word)</source>
        <translation>只匹配完整的词（每个汉字各算一个词）</translation>
    </message>
    <message>
        <source>Re&amp;gular expression</source>
        <translation>正则表达式(&amp;G)</translation>
    </message>
    <message>
        <source>The text to find is a Python regular expression; the replacement may use \1 or \g&lt;name&gt; for its groups</source>
        <translation>查找内容是 Python 正则表达式；替换内容可用 \1 或 \g&lt;name&gt; 引用其分组</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>Replace &amp;All</source>
        <translation>全部替换(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>上一个(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Close the find bar (Esc)</source>
        <translation>关闭查找栏（Esc）</translation>
    </message>
    <message>
        <source>{count} — from the top</source>
        <translation>{count} — 已从开头重新查找</translation>
    </message>
    <message>
        <source>{count} — from the bottom</source>
        <translation>{count} — 已从末尾重新查找</translation>
    </message>
    <message>
        <source>Replaced {count}</source>
        <translation>已替换 {count} 处</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>{current} of {total}</source>
        <translation>第 {current} 处，共 {total} 处</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 处匹配</translation>
    </message>
    <message>
        <source>{count} matches</source>
        <translation>{count} 处匹配</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>{count} {unit} · {characters} characters</source>
        <translation>{count} {unit} · 共 {characters} 个字符</translation>
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
    <name>GhostTextController</name>
    <message>
        <source>&amp;Inline Suggestions</source>
        <translation>行内建议(&amp;I)</translation>
    </message>
    <message>
        <source>Suggest how the sentence goes on when you pause typing: Tab takes it, Ctrl+Right takes one word</source>
        <translation>停下打字时，建议句子如何接下去：按 Tab 采用，按 Ctrl+→ 采用一个词</translation>
    </message>
</context>
<context>
    <name>GoalController</name>
    <message>
        <source>Progress toward the goal</source>
        <translation>目标完成进度</translation>
    </message>
    <message>
        <source>Set &amp;Goal…</source>
        <translation>设定目标(&amp;G)…</translation>
    </message>
    <message>
        <source>How long this document should be, in words (字 in Chinese)</source>
        <translation>这篇文档的目标长度，以字数计（中文按字计）</translation>
    </message>
    <message>
        <source>Set Goal</source>
        <translation>设定目标</translation>
    </message>
    <message>
        <source>How long should this document be, in words (each Chinese character counts as one)? 0 for no goal.</source>
        <translation>这篇文档要写多长（字数，每个汉字算一个）？填 0 表示不设目标。</translation>
    </message>
    <message>
        <source>Selected: {characters} characters</source>
        <translation>已选 {characters} 个字符</translation>
    </message>
    <message>
        <source>Selected: 1 word</source>
        <translation>已选 1 字</translation>
    </message>
    <message>
        <source>Selected: {words} words</source>
        <translation>已选 {words} 字</translation>
    </message>
    <message>
        <source>{sign}{count} words since you started writer-app</source>
        <translation>自启动 writer-app 以来 {sign}{count} 字</translation>
    </message>
    <message>
        <source>{sign}{count} since start</source>
        <translation>本次 {sign}{count} 字</translation>
    </message>
    <message>
        <source>{since}.
Click to set a goal for this document.</source>
        <translation>{since}。
点击为这篇文档设定目标。</translation>
    </message>
    <message>
        <source>{count} / {goal} words</source>
        <translation>{count} / {goal} 字</translation>
    </message>
    <message>
        <source>{share:.0%} of this document&apos;s goal.
{since}.
Click to change the goal.</source>
        <translation>已完成这篇文档目标的 {share:.0%}。
{since}。
点击更改目标。</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Show or hide this document&apos;s earlier results ({key})</source>
        <translation>显示或隐藏本文档以前的结果（{key}）</translation>
    </message>
    <message>
        <source>This document&apos;s history is cleared.</source>
        <translation>本文档的历史已清除。</translation>
    </message>
    <message>
        <source>The history of every document is cleared.</source>
        <translation>所有文档的历史已清除。</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>The chosen result</source>
        <translation>所选的结果</translation>
    </message>
    <message>
        <source>Show All</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Results of Continue, Summarize and Rewrite appear here, for this document only. They are kept on this computer, never beside your file.</source>
        <translation>续写、摘要和改写的结果会显示在这里，只限本文档。它们保存在这台电脑上，从不放在你的文件旁边。</translation>
    </message>
    <message>
        <source>Insert Again</source>
        <translation>再次插入</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Compare with Current Text</source>
        <translation>与当前文字比较</translation>
    </message>
    <message>
        <source>Show how this result differs from the selection, or from the passage it was made from when nothing is selected</source>
        <translation>显示这个结果与选中文字的差别；没有选中文字时，与生成它的原段落比较</translation>
    </message>
    <message>
        <source>Clear History</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <source>Forget this document&apos;s results</source>
        <translation>忘掉本文档的结果</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>{action}: {asked}</source>
        <translation>{action}：{asked}</translation>
    </message>
    <message>
        <source>{action} · {time}</source>
        <translation>{action} · {time}</translation>
    </message>
    <message numerus="yes">
        <source>{heading} · %n drafts</source>
        <translation>
            <numerusform>{heading} · %n 个草稿</numerusform>
        </translation>
    </message>
    <message>
        <source>{heading} · inserted {time}</source>
        <translation>{heading} · {time} 已插入</translation>
    </message>
    <message>
        <source>Draft {number} · inserted</source>
        <translation>草稿 {number} · 已插入</translation>
    </message>
    <message>
        <source>Draft {number}</source>
        <translation>草稿 {number}</translation>
    </message>
    <message>
        <source>Inserted {time}</source>
        <translation>{time} 已插入</translation>
    </message>
    <message>
        <source>From: {passage}</source>
        <translation>来自：{passage}</translation>
    </message>
    <message>
        <source>Compared with the selection: struck out is what this result removes.</source>
        <translation>与选中文字比较：划掉的是这个结果删去的内容。</translation>
    </message>
    <message>
        <source>Compared with the passage it was made from: struck out is what this result removes.</source>
        <translation>与生成它的原段落比较：划掉的是这个结果删去的内容。</translation>
    </message>
    <message>
        <source>Show All ({count} characters)</source>
        <translation>全部显示（{count} 个字符）</translation>
    </message>
</context>
<context>
    <name>InsertSink</name>
    <message>
        <source>The continuation is in the document.</source>
        <translation>续写的文字已写入文档。</translation>
    </message>
</context>
<context>
    <name>LongSummaryFlow</name>
    <message>
        <source>Reading part {done} of {total}…</source>
        <translation>正在读第 {done} 部分，共 {total} 部分…</translation>
    </message>
    <message>
        <source>Combining the parts&apos; summaries…</source>
        <translation>正在合并各部分的摘要…</translation>
    </message>
    <message>
        <source>Done: the document was read in {parts} parts.</source>
        <translation>完成：文档分 {parts} 部分读完。</translation>
    </message>
    <message>
        <source>Stopped after {done} of {total} parts: the summary holds what they said. Retry reads only the rest.</source>
        <translation>已在第 {done} 部分（共 {total} 部分）后停止：摘要中是已读部分的内容。重试只读剩下的部分。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <source>The assistant stopped</source>
        <translation>助手已停止</translation>
    </message>
    <message>
        <source>Dividing the text into parts…</source>
        <translation>正在把文本分成几部分…</translation>
    </message>
    <message>
        <source>Dividing the text into parts failed</source>
        <translation>把文本分成几部分时失败</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Opening the document</source>
        <translation>正在打开文档</translation>
    </message>
    <message>
        <source>Encoding and line endings: click to reopen or save in another encoding</source>
        <translation>编码和换行符：点击以其他编码重新打开或保存</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{name}[*] — writer-app</source>
        <translation>{name}[*] — writer-app</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>{name} is not a text document. writer-app opens plain text and Markdown files, and uses .gguf files as models.</source>
        <translation>{name} 不是文本文档。writer-app 可以打开纯文本和 Markdown 文件，.gguf 文件则作为模型使用。</translation>
    </message>
    <message>
        <source>The log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>About writer-app</source>
        <translation>关于 writer-app</translation>
    </message>
    <message>
        <source>&lt;b&gt;writer-app {version}&lt;/b&gt;&lt;p&gt;A private writing assistant. The language model runs on this computer through llama.cpp; nothing you write is sent anywhere, unless you choose a server in Model ▸ Servers….&lt;/p&gt;</source>
        <translation>&lt;b&gt;writer-app {version}&lt;/b&gt;&lt;p&gt;一个私密的写作助手。语言模型通过 llama.cpp 在这台电脑上运行；除非你在“模型 ▸ 服务器…”中选用服务器，你写的内容不会发送到任何地方。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MarkdownView</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>Show the Markdown document rendered beside its text</source>
        <translation>在文本旁边显示 Markdown 文档排版后的样子</translation>
    </message>
</context>
<context>
    <name>MenuBar</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>New from &amp;Brief…</source>
        <translation>根据要点新建(&amp;B)…</translation>
    </message>
    <message>
        <source>New &amp;Window</source>
        <translation>新建窗口(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save with &amp;Encoding…</source>
        <translation>以其他编码保存(&amp;E)…</translation>
    </message>
    <message>
        <source>Save As in another encoding (UTF-8 stores every character)</source>
        <translation>以另一种编码另存为（UTF-8 能保存所有字符）</translation>
    </message>
    <message>
        <source>Reopen with E&amp;ncoding…</source>
        <translation>以其他编码重新打开(&amp;N)…</translation>
    </message>
    <message>
        <source>Read the file again in an encoding you choose</source>
        <translation>用你选择的编码重新读取文件</translation>
    </message>
    <message>
        <source>&amp;Close Window</source>
        <translation>关闭窗口(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>R&amp;eplace…</source>
        <translation>替换(&amp;E)…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>恢复默认大小(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Font…</source>
        <translation>字体(&amp;F)…</translation>
    </message>
    <message>
        <source>Readable &amp;Line Length</source>
        <translation>适合阅读的行宽(&amp;L)</translation>
    </message>
    <message>
        <source>Keep lines to about 75 characters, centred in the window</source>
        <translation>每行保持约 75 个字符，在窗口中居中</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>F&amp;ocus Mode</source>
        <translation>专注模式(&amp;O)</translation>
    </message>
    <message>
        <source>Dim everything but the paragraph or sentence you are writing</source>
        <translation>除正在写的段落或句子外，其余文字都变淡</translation>
    </message>
    <message>
        <source>Focus &amp;On</source>
        <translation>专注于(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Paragraph</source>
        <translation>段落(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sentence</source>
        <translation>句子(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Typewriter Scrolling</source>
        <translation>打字机滚动(&amp;T)</translation>
    </message>
    <message>
        <source>Keep the line you are writing at the middle of the window</source>
        <translation>让正在写的那一行保持在窗口中间</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>Show the window on the whole screen</source>
        <translation>让窗口占满整个屏幕</translation>
    </message>
    <message>
        <source>Clear the History of &amp;Every Document</source>
        <translation>清除所有文档的历史(&amp;E)</translation>
    </message>
    <message>
        <source>Forget the assistant&apos;s earlier results for all documents</source>
        <translation>忘掉助手在所有文档中的历史结果</translation>
    </message>
    <message>
        <source>&amp;Assist</source>
        <translation>助手(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Download, choose and manage models</source>
        <translation>下载、选择和管理模型</translation>
    </message>
    <message>
        <source>&amp;Open Model File…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a GGUF model file</source>
        <translation>打开一个 GGUF 模型文件</translation>
    </message>
    <message>
        <source>Se&amp;rvers…</source>
        <translation>服务器(&amp;R)…</translation>
    </message>
    <message>
        <source>Draft with a model on an inference server</source>
        <translation>用推理服务器上的模型写作</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>The app&apos;s log: why a model failed to load, or what went wrong</source>
        <translation>应用的日志：模型为何加载失败，或出了什么问题</translation>
    </message>
    <message>
        <source>&amp;About writer-app</source>
        <translation>关于 writer-app(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>ModelController</name>
    <message>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>Use the &amp;Local Model</source>
        <translation>使用本机模型(&amp;L)</translation>
    </message>
    <message>
        <source>Draft with the model on this computer again</source>
        <translation>重新用这台电脑上的模型写作</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message>
        <source>Loading the model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>{name} is ready ({seconds:.1f} s)</source>
        <translation>{name} 已就绪（{seconds:.1f} 秒）</translation>
    </message>
    <message>
        <source>The model {name} is ready.</source>
        <translation>模型 {name} 已就绪。</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>模型无法加载</translation>
    </message>
    <message>
        <source>Server: {host} · {model}</source>
        <translation>服务器：{host} · {model}</translation>
    </message>
    <message>
        <source>Your text is sent to {url} for {model}.</source>
        <translation>你的文字会发送到 {url}，供 {model} 使用。</translation>
    </message>
    <message>
        <source>{path}
{architecture}, {parameters:.2f} B parameters, context {n_ctx:,} tokens (trained for {n_ctx_train:,})</source>
        <translation>{path}
{architecture}，{parameters:.2f} B 参数，上下文 {n_ctx:,} 词元（训练长度 {n_ctx_train:,}）</translation>
    </message>
    <message>
        <source> (GPU unavailable)</source>
        <translation>（GPU 不可用）</translation>
    </message>
    <message>
        <source>Downloading the draft model {name} ({size})…</source>
        <translation>正在下载草稿模型 {name}（{size}）…</translation>
    </message>
    <message>
        <source>The draft model could not be downloaded, so the model writes without it: {reason}</source>
        <translation>无法下载草稿模型，模型将不借助它写作：{reason}</translation>
    </message>
    <message>
        <source>Draft model: {name}</source>
        <translation>草稿模型：{name}</translation>
    </message>
</context>
<context>
    <name>ModelDialogs</name>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>本机可流畅运行</translation>
    </message>
    <message>
        <source>slow here</source>
        <translation>本机运行较慢</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>本机内存不够</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>本机模型</translation>
    </message>
    <message>
        <source>Get models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>这台电脑上的模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>No models on this computer yet. Download one in Get models, import a GGUF file you already have, or put a .gguf file into the models folder ({folder}): it appears here at once.</source>
        <translation>这台电脑上还没有模型。可以在“获取模型”中下载一个，导入你已有的 GGUF 文件，或者把 .gguf 文件放进模型文件夹（{folder}）：它会立即出现在这里。</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <source>Open models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>Resume downloads</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <source>Folders with models</source>
        <translation>存放模型的文件夹</translation>
    </message>
    <message>
        <source>Add a Models Folder…</source>
        <translation>添加模型文件夹…</translation>
    </message>
    <message>
        <source>Remove Folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <source>Models are also found in these folders, and used where they are (never copied). Downloads go to {folder}.</source>
        <translation>也会在以下文件夹中查找模型，并就地使用（从不复制）。下载的模型保存到 {folder}。</translation>
    </message>
    <message>
        <source>{name} (in use)</source>
        <translation>{name}（正在使用）</translation>
    </message>
    <message>
        <source>Incomplete: {file} ({done} of {size})</source>
        <translation>未完成：{file}（{done} / {size}）</translation>
    </message>
    <message>
        <source>Incomplete: {file} ({done} of {size}) in {folder}, where it resumes</source>
        <translation>未完成：{file}（{done} / {size}），位于 {folder}，将在那里继续下载</translation>
    </message>
    <message>
        <source>{source}: {folder}</source>
        <translation>{source}：{folder}</translation>
    </message>
    <message>
        <source>{folder} (found on this computer)</source>
        <translation>{folder}（在本机上找到）</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>opened from a file</source>
        <translation>从文件打开</translation>
    </message>
    <message>
        <source>added folder</source>
        <translation>添加的文件夹</translation>
    </message>
    <message>
        <source>Add a Models Folder</source>
        <translation>添加模型文件夹</translation>
    </message>
    <message>
        <source>{name} is kept in {folder}, outside writer-app&apos;s models folder: delete it there if you no longer need it.</source>
        <translation>{name} 存放在 {folder}，不在 writer-app 的模型文件夹里：如果不再需要，请到那里删除。</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>正在使用</translation>
    </message>
    <message>
        <source>This model is in use: choose another one before deleting it.</source>
        <translation>这个模型正在使用：请先选用另一个模型，再删除它。</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete {name} ({size})?</source>
        <translation>要删除 {name}（{size}）吗？</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>未删除</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>{name} was deleted; {size} freed.</source>
        <translation>{name} 已删除，释放了 {size}。</translation>
    </message>
    <message>
        <source>Import a GGUF Model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <source>Not a usable model</source>
        <translation>不是可用的模型</translation>
    </message>
    <message>
        <source>The models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Repositories found</source>
        <translation>找到的仓库</translation>
    </message>
    <message>
        <source>GGUF files of the repository</source>
        <translation>仓库中的 GGUF 文件</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Type a repository name on ModelScope (for example: Qwen/Qwen3-4B-GGUF)</source>
        <translation>在魔搭（ModelScope）上输入仓库名（例如：Qwen/Qwen3-4B-GGUF）</translation>
    </message>
    <message>
        <source>Repository name on ModelScope</source>
        <translation>魔搭（ModelScope）上的仓库名</translation>
    </message>
    <message>
        <source>Search GGUF models on {source} (for example: qwen instruct)</source>
        <translation>在 {source} 中搜索 GGUF 模型（例如：qwen instruct）</translation>
    </message>
    <message>
        <source>Search {source}</source>
        <translation>搜索 {source}</translation>
    </message>
    <message>
        <source>Recommended models, from {source}. Search to find any GGUF model.</source>
        <translation>推荐的模型，来自 {source}。搜索可找到任何 GGUF 模型。</translation>
    </message>
    <message>
        <source>Searching {source} for “{text}”…</source>
        <translation>正在 {source} 中搜索“{text}”…</translation>
    </message>
    <message>
        <source>Listing the GGUF files of {repo}…</source>
        <translation>正在列出 {repo} 的 GGUF 文件…</translation>
    </message>
    <message>
        <source> · needs a token</source>
        <translation> · 需要令牌</translation>
    </message>
    <message>
        <source>{repo}  ·  {downloads} downloads{gated}</source>
        <translation>{repo}  ·  {downloads} 次下载{gated}</translation>
    </message>
    <message numerus="yes">
        <source>%n repositories with GGUF files.</source>
        <translation>
            <numerusform>找到 %n 个含 GGUF 文件的仓库。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>没有找到。</translation>
    </message>
    <message numerus="yes">
        <source> · %n parts</source>
        <translation>
            <numerusform> · 分 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick a quantization: Q4_K_M is a good balance of size and quality.</source>
        <translation>选择一种量化：Q4_K_M 在大小和质量之间较为均衡。</translation>
    </message>
    <message>
        <source>No GGUF files here.</source>
        <translation>这里没有 GGUF 文件。</translation>
    </message>
</context>
<context>
    <name>NotesController</name>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Show or hide this document&apos;s notes for the assistant ({key})</source>
        <translation>显示或隐藏本文档给助手的笔记（{key}）</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Notes on this document for the assistant: the style to write in, characters, facts, terms to use or avoid. They go into every request before the document. They are kept on this computer, never in your file.</source>
        <translation>写给助手的本文档笔记：文风、人物、事实、要用或要避免的词语。每次请求都会把它们放在文档之前。笔记只保存在这台电脑上，从不写进你的文件。</translation>
    </message>
    <message>
        <source>The notes are read before the document in every request. Past a quarter of the context they leave little room for the document itself.</source>
        <translation>每次请求都会先读笔记，再读文档。笔记超过上下文的四分之一时，留给文档本身的空间就不多了。</translation>
    </message>
    <message>
        <source>No notes for this document.</source>
        <translation>本文档还没有笔记。</translation>
    </message>
    <message numerus="yes">
        <source>Notes: about %n token(s), {share:.0%} of the context.</source>
        <translation>
            <numerusform>笔记：约 %n 个词元，占上下文的 {share:.0%}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notes: about %n token(s).</source>
        <translation>
            <numerusform>笔记：约 %n 个词元。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the first {count} characters are kept.</source>
        <translation>只保留前 {count} 个字符。</translation>
    </message>
</context>
<context>
    <name>OfflinePanel</name>
    <message>
        <source>You can still get a model:</source>
        <translation>仍然可以获取模型：</translation>
    </message>
    <message>
        <source>Use a mirror of the Hugging Face Hub</source>
        <translation>使用 Hugging Face 模型库的镜像</translation>
    </message>
    <message>
        <source>Use ModelScope (魔搭)</source>
        <translation>使用魔搭（ModelScope）</translation>
    </message>
    <message>
        <source>Copy address and file name</source>
        <translation>复制地址和文件名</translation>
    </message>
    <message>
        <source>Open models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>Or fetch the model on a computer that can reach it: open {page} and download &lt;b&gt;{file}&lt;/b&gt; (about {size}), then put that file into the models folder ({folder}). writer-app finds it there at once.</source>
        <translation>或者在能访问它的电脑上获取模型：打开 {page}，下载 &lt;b&gt;{file}&lt;/b&gt;（约 {size}），再把这个文件放进模型文件夹（{folder}）。writer-app 会立即找到它。</translation>
    </message>
    <message>
        <source>The same file is on ModelScope: {page}</source>
        <translation>魔搭上也有同一个文件：{page}</translation>
    </message>
    <message>
        <source>The models folder</source>
        <translation>模型文件夹</translation>
    </message>
</context>
<context>
    <name>Places</name>
    <message>
        <source>No file manager could be opened here. {name} is:
{path}

Its path is on the clipboard.</source>
        <translation>这里无法打开文件管理器。{name}位于：
{path}

它的路径已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Settings not saved: {reason}</source>
        <translation>设置未保存：{reason}</translation>
    </message>
</context>
<context>
    <name>ProvenanceController</name>
    <message>
        <source>Show &amp;AI-Written Text</source>
        <translation>显示 AI 生成的文字(&amp;A)</translation>
    </message>
    <message>
        <source>Tint the text the language model wrote</source>
        <translation>用底色标出语言模型写的文字</translation>
    </message>
    <message>
        <source>Mark as &amp;My Own Writing</source>
        <translation>标记为我自己写的(&amp;M)</translation>
    </message>
    <message>
        <source>The selected text is yours: it no longer counts as AI-written</source>
        <translation>选中的文字是你写的：不再算作 AI 生成</translation>
    </message>
    <message>
        <source>Mark as A&amp;I-Written</source>
        <translation>标记为 AI 生成(&amp;I)</translation>
    </message>
    <message>
        <source>The selected text counts as written by a language model</source>
        <translation>选中的文字算作由语言模型生成</translation>
    </message>
    <message>
        <source>AI &amp;Use Report…</source>
        <translation>AI 使用报告(&amp;U)…</translation>
    </message>
    <message>
        <source>What the language model wrote in this document, to disclose it</source>
        <translation>本文档中语言模型写了哪些内容，便于如实说明</translation>
    </message>
    <message>
        <source>The selected text is marked as your own writing.</source>
        <translation>选中的文字已标记为你自己写的。</translation>
    </message>
    <message>
        <source>The selected text is marked as AI-written.</source>
        <translation>选中的文字已标记为 AI 生成。</translation>
    </message>
    <message>
        <source>Selection AI-written: {share} %</source>
        <translation>选中部分 AI 生成：{share}%</translation>
    </message>
    <message>
        <source>AI-written: {share} %</source>
        <translation>AI 生成：{share}%</translation>
    </message>
    <message>
        <source>{ai} of {total} characters (not counting spaces) were written by a language model. Click for the AI use report.</source>
        <translation>{total} 个字符（不计空白）中有 {ai} 个由语言模型生成。点击查看 AI 使用报告。</translation>
    </message>
    <message>
        <source>AI-written: {origin}</source>
        <translation>AI 生成：{origin}</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>The AI use report is copied to the clipboard.</source>
        <translation>AI 使用报告已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
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
        <source>Recovered texts</source>
        <translation>找回的文字</translation>
    </message>
    <message>
        <source>never saved</source>
        <translation>从未保存</translation>
    </message>
    <message>
        <source>The chosen text</source>
        <translation>所选的文字</translation>
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
    <message>
        <source>{name} · autosaved {time} · {count} characters</source>
        <translation>{name} · 自动保存于 {time} · {count} 个字符</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>RequestRun</name>
    <message>
        <source>{finish}. The document is longer than the context window, so only part of it was read.</source>
        <translation>{finish}。文档超出了上下文窗口，因此只读取了其中一部分。</translation>
    </message>
    <message>
        <source>{finish}.</source>
        <translation>{finish}。</translation>
    </message>
    <message>
        <source>Stopped at the maximum length ({tokens} tokens); raise it in Settings</source>
        <translation>已达到最大长度（{tokens} 个词元）而停止；可在设置中调高</translation>
    </message>
    <message>
        <source>Stopped because you typed where the text was going</source>
        <translation>你在续写的位置输入了文字，续写已停止</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>The context window is full</source>
        <translation>上下文窗口已满</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <source>{ready} {warning}</source>
        <translation>{ready}{warning}</translation>
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
        <source>Rewrite against the original</source>
        <translation>改写与原文的对比</translation>
    </message>
    <message>
        <source>Words taken out are struck through; words put in are underlined</source>
        <translation>删去的词带删除线，加入的词带下划线</translation>
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
    <name>RewritePresetMenu</name>
    <message>
        <source>Save Instruction as &amp;Preset…</source>
        <translation>把指令保存为预设(&amp;P)…</translation>
    </message>
    <message>
        <source>Remove Pr&amp;eset</source>
        <translation>删除预设(&amp;E)</translation>
    </message>
    <message>
        <source>New Rewrite Preset</source>
        <translation>新建改写预设</translation>
    </message>
    <message>
        <source>How should the selection be rewritten?</source>
        <translation>选中的文字要怎样改写？</translation>
    </message>
    <message>
        <source>Name it for the Rewrite menu:</source>
        <translation>为它取个名字，显示在“改写”菜单中：</translation>
    </message>
</context>
<context>
    <name>RunSink</name>
    <message>
        <source>The summary is ready in the Assistant panel.</source>
        <translation>摘要已在助手面板中就绪。</translation>
    </message>
    <message>
        <source>The rewrite is ready for review in the Assistant panel.</source>
        <translation>改写已在助手面板中就绪，等你审阅。</translation>
    </message>
    <message>
        <source>The drafts are ready in the Assistant panel.</source>
        <translation>草稿已在助手面板中就绪。</translation>
    </message>
    <message>
        <source>The result is ready in the Assistant panel.</source>
        <translation>结果已在助手面板中就绪。</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>The assistant&apos;s progress</source>
        <translation>助手的进度</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在阅读…</translation>
    </message>
    <message>
        <source>Reading {done:,} / {total:,} tokens…</source>
        <translation>正在阅读 {done:,} / {total:,} 个词元…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <source>≈ {rate:.1f} tokens/s</source>
        <translation>≈ {rate:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>{rate:.1f} tokens/s</source>
        <translation>{rate:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>{thinking} · {rate}</source>
        <translation>{thinking} · {rate}</translation>
    </message>
    <message>
        <source>{generated} tokens in answer, {prompt:,} prompt tokens ({read:,} read, the rest from cache); first token after {ttft:.2f} s; backend {backend}</source>
        <translation>回答 {generated} 个词元，提示 {prompt:,} 个词元（读取 {read:,} 个，其余来自缓存）；{ttft:.2f} 秒后出现第一个词元；后端 {backend}</translation>
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
        <source>Models on the server</source>
        <translation>服务器上的模型</translation>
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
        <source>The connection test failed</source>
        <translation>连接测试失败</translation>
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
        <source>automatic ({count})</source>
        <translation>自动（{count}）</translation>
    </message>
    <message>
        <source>Automatic: one thread per performance core of this computer, for generating and for reading the prompt.</source>
        <translation>自动：这台电脑的每个性能核心用一个线程，生成文字和读取提示都是如此。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
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
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>How long you pause typing before an inline suggestion is asked for (Assist ▸ Inline Suggestions).</source>
        <translation>停下打字多久之后请求一条行内建议（助手 ▸ 行内建议）。</translation>
    </message>
    <message>
        <source>e.g. \n\n, THE END  (comma separated; \n is a newline)</source>
        <translation>例如 \n\n, 全文完（用逗号分隔；\n 表示换行）</translation>
    </message>
    <message>
        <source>f16: full quality</source>
        <translation>f16：完整质量</translation>
    </message>
    <message>
        <source>q8_0: about half the memory</source>
        <translation>q8_0：约占一半内存</translation>
    </message>
    <message>
        <source>q4_0: about a quarter of the memory, lower quality</source>
        <translation>q4_0：约占四分之一内存，质量较低</translation>
    </message>
    <message>
        <source>How the model&apos;s memory of the text it has read (the KV cache) is stored. A smaller cache lets a long context fit in less memory; the model may write a little worse.</source>
        <translation>模型对已读文字的记忆（KV 缓存）以什么方式存放。缓存越小，长上下文占用的内存越少，但模型写出的文字可能略差一些。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Here, {count} drafts take about {times} times as long as one.</source>
        <translation>在这台电脑上，{count} 份草稿约需 1 份的 {times} 倍时间。</translation>
    </message>
    <message>
        <source>Flash attention is another way for llama.cpp to weigh the text it has read: faster on some computers and slower on others. Automatic measures both the first time a model runs here, with these threads and this memory cache (a second or two while it loads), and keeps the faster. A q8_0 or q4_0 memory cache needs it on.</source>
        <translation>Flash Attention 是 llama.cpp 计算注意力（权衡已读文字）的另一种方式：在有些电脑上更快，在另一些电脑上更慢。“自动”会在模型第一次以当前线程数和 KV 缓存在这台电脑上运行时，把开启和关闭各测一次（加载时多花一两秒），并保留较快的一种。q8_0 或 q4_0 的 KV 缓存必须开启它。</translation>
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
        <source>automatic (measured when a model loads)</source>
        <translation>自动（加载模型时测量）</translation>
    </message>
    <message>
        <source>automatic (not measured yet)</source>
        <translation>自动（尚未测量）</translation>
    </message>
    <message>
        <source>{state}: the memory cache needs it</source>
        <translation>{state}：KV 缓存需要它</translation>
    </message>
    <message>
        <source>{state}: it could not be measured</source>
        <translation>{state}：无法测量</translation>
    </message>
    <message>
        <source>{state}: the model is too slow here to measure in a second or two</source>
        <translation>{state}：模型在这台电脑上太慢，无法在一两秒内测完</translation>
    </message>
    <message>
        <source>{state}: writes {percent} % faster here</source>
        <translation>{state}：在这台电脑上生成文字快 {percent} %</translation>
    </message>
    <message>
        <source>{state}: reads {percent} % faster here</source>
        <translation>{state}：在这台电脑上读取文字快 {percent} %</translation>
    </message>
    <message>
        <source>{state}: on and off are as fast here</source>
        <translation>{state}：在这台电脑上开启与关闭一样快</translation>
    </message>
    <message>
        <source>automatic ({why})</source>
        <translation>自动（{why}）</translation>
    </message>
    <message>
        <source>With more than one, the drafts appear in the assistant panel and the one you pick goes in at the cursor.</source>
        <translation>多于一份时，草稿显示在助手面板中，你选中的那份插入到光标处。</translation>
    </message>
    <message>
        <source>With more than one, you pick the draft to review from the assistant panel.</source>
        <translation>多于一份时，在助手面板中选一份草稿来审阅。</translation>
    </message>
    <message>
        <source>Measured with this model on this computer when it first loaded: several drafts written together, against one.</source>
        <translation>用这个模型在这台电脑上首次载入时测得：同时写几份草稿与只写 1 份相比。</translation>
    </message>
    <message>
        <source>Record word alternatives</source>
        <translation>记录备选词</translation>
    </message>
    <message>
        <source>After Continue Writing, Alt+Click a written word to see the other words the model considered there, and pick one.</source>
        <translation>续写之后，按住 Alt 点击写出的词，可以看到模型在那里考虑过的其他词，并选用其中一个。</translation>
    </message>
    <message>
        <source>Label AI-written content in exported files</source>
        <translation>在导出的文件中标识 AI 生成的内容</translation>
    </message>
    <message>
        <source>When a document holds text a language model wrote, exported files and formatted copies say so in their metadata: the share, writer-app and the model, and a content number (as the Chinese labelling measures and GB 45438-2025 ask). Plain text files and saves are never changed.</source>
        <translation>文档中含有语言模型写的文字时，导出的文件和带格式复制的内容会在元数据中注明：所占比例、writer-app 和所用模型，以及内容编号（依照《人工智能生成合成内容标识办法》和 GB 45438-2025 的要求）。纯文本文件和保存的文档永远不会被改动。</translation>
    </message>
    <message>
        <source>Underline uncertain words</source>
        <translation>给没把握的词加下划线</translation>
    </message>
    <message>
        <source>After Continue Writing, underline faintly the words the model was least sure of. The underline is never part of your text.</source>
        <translation>续写之后，用浅色下划线标出模型最没把握的词。下划线不会成为你文本的一部分。</translation>
    </message>
    <message>
        <source>Reopen the last documents on start</source>
        <translation>启动时重新打开上次的文档</translation>
    </message>
    <message>
        <source>writer-app starts with the documents that were open when it closed, each at its cursor. Files named when it starts are opened instead.</source>
        <translation>writer-app 启动时打开上次关闭时打开着的文档，光标在原来的位置。启动时指定了文件的话，就改为打开这些文件。</translation>
    </message>
    <message>
        <source>Words, 字 and full-width punctuation (as Word and WPS count)</source>
        <translation>单词、汉字和全角标点（与 Word、WPS 的字数相同）</translation>
    </message>
    <message>
        <source>Words and 字 only, without punctuation</source>
        <translation>只计单词和汉字，不计标点</translation>
    </message>
    <message>
        <source>What the word count in the status bar and the goals count. Each Chinese character and kana counts as one; Korean and other languages with spaces count words. Full-width punctuation is 。，、“”《》 and the like.</source>
        <translation>状态栏的字数和目标所用的计数方式。每个汉字和假名算一个；韩文等以空格分词的语言按词计。全角标点指 。，、“”《》 等。</translation>
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
        <source>Drafts for Continue:</source>
        <translation>续写草稿数：</translation>
    </message>
    <message>
        <source>Drafts for Rewrite:</source>
        <translation>改写草稿数：</translation>
    </message>
    <message>
        <source>Word count:</source>
        <translation>字数统计：</translation>
    </message>
    <message>
        <source>Pause before a suggestion:</source>
        <translation>建议前的停顿：</translation>
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
        <source>Spelling:</source>
        <translation>拼写检查：</translation>
    </message>
    <message>
        <source>Automatic: {language}</source>
        <translation>自动：{language}</translation>
    </message>
    <message>
        <source>Automatic: none</source>
        <translation>自动：无</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{language} (not installed)</source>
        <translation>{language}（未安装）</translation>
    </message>
    <message>
        <source>Nothing is checked.</source>
        <translation>不检查拼写。</translation>
    </message>
    <message>
        <source>There is no dictionary for the interface&apos;s language or for English: choose one of the others.</source>
        <translation>没有界面语言或英语的词典：请选择其他词典。</translation>
    </message>
    <message>
        <source>The {language} dictionary is not installed: install it (the hunspell-{code} package on Debian and Ubuntu) or choose another.</source>
        <translation>未安装{language}词典：请安装（Debian 和 Ubuntu 上的 hunspell-{code} 软件包），或选择其他词典。</translation>
    </message>
    <message>
        <source>Misspelled words are underlined in red: right-click one for suggestions, Add to Dictionary and Ignore. Chinese is not checked.</source>
        <translation>拼错的单词下方显示红色波浪线：右键单击可查看建议、添加到词典或忽略。中文不做拼写检查。</translation>
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
        <source>Memory cache:</source>
        <translation>KV 缓存：</translation>
    </message>
    <message>
        <source>Flash attention:</source>
        <translation>Flash Attention：</translation>
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
        <source>{name}: {placement}.</source>
        <translation>{name}：{placement}。</translation>
    </message>
    <message>
        <source>{name}: {placement}. {why}</source>
        <translation>{name}：{placement}。{why}</translation>
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
        <source>Hugging Face Hub</source>
        <translation>Hugging Face 模型库</translation>
    </message>
    <message>
        <source>A Hub mirror</source>
        <translation>模型库镜像</translation>
    </message>
    <message>
        <source>ModelScope (魔搭)</source>
        <translation>魔搭（ModelScope）</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>the models folder: {folder}</source>
        <translation>模型文件夹：{folder}</translation>
    </message>
    <message>
        <source>New downloads go here. Models downloaded before stay where they are and are still listed in Model ▸ Models…; an incomplete download resumes where it is.</source>
        <translation>新的下载保存到这里。之前下载的模型留在原处，仍列在“模型 ▸ 模型…”中；未完成的下载在原处继续。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>List the models LM Studio and Ollama keep on this computer</source>
        <translation>列出本机上 LM Studio 和 Ollama 保存的模型</translation>
    </message>
    <message>
        <source>Used for downloads only; writing never uses the network.</source>
        <translation>仅用于下载模型；写作时从不联网。</translation>
    </message>
    <message>
        <source>Models from:</source>
        <translation>模型来源：</translation>
    </message>
    <message>
        <source>Mirror address:</source>
        <translation>镜像地址：</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>模型库地址：</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>代理：</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
    <message>
        <source>Download folder:</source>
        <translation>下载文件夹：</translation>
    </message>
    <message>
        <source>Download Folder</source>
        <translation>下载文件夹</translation>
    </message>
    <message>
        <source>{draft} guesses the next words and the model in use checks them all in one step, so Continue writes faster; every word is still the model&apos;s own choice. It takes about {memory} more memory, and is downloaded ({size}) the first time.</source>
        <translation>{draft} 先猜出接下来的词，正在使用的模型一步就能把它们全部核对完，因此续写更快；每个词仍由该模型自己决定。它需要多占用约 {memory} 内存，首次使用时会下载（{size}）。</translation>
    </message>
    <message>
        <source>Draft model:</source>
        <translation>草稿模型：</translation>
    </message>
    <message>
        <source>Let {draft} draft for this model</source>
        <translation>让 {draft} 为这个模型预拟词元（推测解码）</translation>
    </message>
    <message>
        <source>Let a draft model draft for this model</source>
        <translation>让草稿模型为这个模型预拟词元（推测解码）</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Filter the shortcuts</source>
        <translation>筛选快捷键</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>Spelling</name>
    <message>
        <source>English (United States)</source>
        <translation>英语（美国）</translation>
    </message>
    <message>
        <source>English (United Kingdom)</source>
        <translation>英语（英国）</translation>
    </message>
    <message>
        <source>English (Australia)</source>
        <translation>英语（澳大利亚）</translation>
    </message>
    <message>
        <source>English (Canada)</source>
        <translation>英语（加拿大）</translation>
    </message>
    <message>
        <source>English (India)</source>
        <translation>英语（印度）</translation>
    </message>
    <message>
        <source>English (New Zealand)</source>
        <translation>英语（新西兰）</translation>
    </message>
    <message>
        <source>English (South Africa)</source>
        <translation>英语（南非）</translation>
    </message>
</context>
<context>
    <name>SpellingController</name>
    <message>
        <source>No Suggestions</source>
        <translation>无建议</translation>
    </message>
    <message>
        <source>Add to Dictionary</source>
        <translation>添加到词典</translation>
    </message>
    <message>
        <source>Keep this word in your own word list, for every document</source>
        <translation>将此单词保存到你的个人词表，对所有文档有效</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Let this word pass in every document until writer-app closes</source>
        <translation>在 writer-app 关闭前，所有文档都不再标出此单词</translation>
    </message>
</context>
<context>
    <name>StreamPanel</name>
    <message>
        <source>Previous result</source>
        <translation>上一个结果</translation>
    </message>
    <message>
        <source>The result before this one</source>
        <translation>上一个结果</translation>
    </message>
    <message>
        <source>Next result</source>
        <translation>下一个结果</translation>
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
    <message>
        <source>More drafts</source>
        <translation>再写几份</translation>
    </message>
    <message>
        <source>Write more drafts of the same request</source>
        <translation>按同样的要求再写几份草稿</translation>
    </message>
    <message>
        <source>{number} of {count}</source>
        <translation>第 {number} 个，共 {count} 个</translation>
    </message>
    <message>
        <source>{tip} (this is {position})</source>
        <translation>{tip}（当前是{position}）</translation>
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
    <message>
        <source>Parts</source>
        <translation>各部分</translation>
    </message>
    <message>
        <source>What each part of a document longer than the context window said</source>
        <translation>超出上下文窗口的文档，各部分分别讲了什么</translation>
    </message>
    <message>
        <source>Summaries of the parts</source>
        <translation>各部分的摘要</translation>
    </message>
    <message>
        <source>Part {number}: {summary}</source>
        <translation>第 {number} 部分：{summary}</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>复制一份(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese (Simplified)</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Each section starts with its heading</source>
        <translation>每一节以它的标题开头</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>The length the brief starts with when a writer chooses this template; they can change it there.</source>
        <translation>选用这个模板时，简报里预先填好的篇幅；写作时可以再改。</translation>
    </message>
    <message>
        <source>How long a finished piece of this genre usually is, for reference.</source>
        <translation>这种体裁的成稿通常有多长，仅供参考。</translation>
    </message>
    <message>
        <source>Length of a new brief:</source>
        <translation>新简报的篇幅：</translation>
    </message>
    <message>
        <source>Usual length of the genre:</source>
        <translation>该体裁的常见篇幅：</translation>
    </message>
    <message>
        <source>Default tone:</source>
        <translation>默认语气：</translation>
    </message>
    <message>
        <source>Sections:</source>
        <translation>章节：</translation>
    </message>
    <message>
        <source>Outline instructions:</source>
        <translation>提纲指令：</translation>
    </message>
    <message>
        <source>Section instructions:</source>
        <translation>章节指令：</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Preview of the outline prompt for a sample brief:</source>
        <translation>用示例要点生成的提纲提示预览：</translation>
    </message>
    <message>
        <source>{title} (yours)</source>
        <translation>{title}（我的）</translation>
    </message>
    <message>
        <source>Built-in templates cannot be changed: duplicate one to make your own.</source>
        <translation>内置模板不能修改：复制一份即可改成你自己的。</translation>
    </message>
    <message>
        <source>This is not a valid template yet: {problem}.</source>
        <translation>这还不是有效的模板：{problem}。</translation>
    </message>
    <message>
        <source>Saved “{title}”.</source>
        <translation>已保存“{title}”。</translation>
    </message>
    <message>
        <source>{title} (copy)</source>
        <translation>{title}（副本）</translation>
    </message>
    <message>
        <source>Imported “{title}”.</source>
        <translation>已导入“{title}”。</translation>
    </message>
    <message>
        <source>The template could not be written to {path} ({reason}): choose another folder.</source>
        <translation>无法把模板写入 {path}（{reason}）：请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Exported “{title}” to {path}.</source>
        <translation>已把“{title}”导出到 {path}。</translation>
    </message>
    <message>
        <source>Import a Template</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>Export the Template</source>
        <translation>导出模板</translation>
    </message>
</context>
<context>
    <name>UncertainWords</name>
    <message>
        <source>&amp;Underline Uncertain Words</source>
        <translation>给没把握的词加下划线(&amp;U)</translation>
    </message>
    <message>
        <source>After Continue Writing, underline the words the model was least sure of: Alt+Click one to see the other words it considered</source>
        <translation>续写之后，给模型最没把握的词加下划线：按住 Alt 点击其中一个，可以看到模型考虑过的其他词</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to writer-app</source>
        <translation>欢迎使用 writer-app</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to writer-app&lt;/h2&gt;&lt;p&gt;writer-app writes with a language model that runs on this computer, so nothing you write leaves it. Choose a model to download once; after that everything works offline.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 writer-app&lt;/h2&gt;&lt;p&gt;writer-app 借助在这台电脑上运行的语言模型写作，你写的内容不会离开这台电脑。选择一个模型下载一次，之后一切都可以离线使用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Models to download</source>
        <translation>可下载的模型</translation>
    </message>
    <message>
        <source>Use the model found in the models folder</source>
        <translation>使用在模型文件夹中找到的模型</translation>
    </message>
    <message>
        <source>Download and start writing</source>
        <translation>下载并开始写作</translation>
    </message>
    <message>
        <source>Use a GGUF file on disk…</source>
        <translation>使用磁盘上的 GGUF 文件…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Use {name} from {source}, already on this computer</source>
        <translation>使用本机上 {source} 已有的 {name}</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>已在本机</translation>
    </message>
    <message>
        <source>{size} download</source>
        <translation>下载 {size}</translation>
    </message>
    <message>
        <source>about {size} download</source>
        <translation>下载约 {size}</translation>
    </message>
    <message>
        <source>{name}
{where} · needs {ram} of memory · {fit} · {licence} · {languages}
{summary}</source>
        <translation>{name}
{where} · 需要 {ram} 内存 · {fit} · {licence} · {languages}
{summary}</translation>
    </message>
    <message>
        <source>Use a GGUF Model</source>
        <translation>使用 GGUF 模型</translation>
    </message>
    <message>
        <source>Use {name}, found in the models folder</source>
        <translation>使用在模型文件夹中找到的 {name}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>WordAlternatives</name>
    <message>
        <source>Write On from Here</source>
        <translation>从这里重写后文</translation>
    </message>
    <message>
        <source>Keep the text up to this word and write the rest of the continuation again</source>
        <translation>保留到这个词为止的文字，把续写的其余部分重新写一遍</translation>
    </message>
    <message>
        <source>That passage was edited since it was written, so its alternatives are gone.</source>
        <translation>这段文字写出后已被修改，备选词已不再可用。</translation>
    </message>
    <message>
        <source>{word}    {percent:.0%}</source>
        <translation>{word}    {percent:.0%}</translation>
    </message>
    <message>
        <source>The model saw no other word there.</source>
        <translation>模型在这里没有考虑别的词。</translation>
    </message>
</context>
<context>
    <name>_DraftBox</name>
    <message>
        <source>Draft {number} (Alt+{number})</source>
        <translation>第 {number} 稿（Alt+{number}）</translation>
    </message>
    <message>
        <source>The length of the passage, and of this draft</source>
        <translation>原文的长度，以及这份草稿的长度</translation>
    </message>
    <message>
        <source>Draft {number}</source>
        <translation>草稿 {number}</translation>
    </message>
    <message>
        <source>Click to use this draft.</source>
        <translation>点击使用这份草稿。</translation>
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
        <source>words</source>
        <translation>字</translation>
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
        <source>The answer stopped at the maximum length: its end may be missing.</source>
        <translation>回答在达到最大长度时停止：结尾可能缺失。</translation>
    </message>
    <message>
        <source>This is only an introduction to an answer, not the answer itself.</source>
        <translation>这只是回答的开场白，不是回答本身。</translation>
    </message>
    <message>
        <source>This is only a comment about an answer, not the answer itself.</source>
        <translation>这只是对回答的评论，不是回答本身。</translation>
    </message>
    <message>
        <source>This describes your text instead of rewriting it.</source>
        <translation>这是在描述你的文字，而不是改写它。</translation>
    </message>
    <message>
        <source>This is an instruction, not a rewrite of your text.</source>
        <translation>这是一条指令，不是对你文字的改写。</translation>
    </message>
    <message>
        <source>This only repeats the instructions or your notes.</source>
        <translation>这只是重复了指令或你的笔记。</translation>
    </message>
    <message>
        <source>This is not in the language of your text.</source>
        <translation>这不是用你文字的语言写的。</translation>
    </message>
    <message>
        <source>This copies words of the instructions or your notes (“{words}”).</source>
        <translation>这抄写了指令或你笔记中的文字（“{words}”）。</translation>
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
    <message>
        <source>The model file {name} has a chat template of {length:,} bytes; real ones have a few thousand. The file is damaged or was made to harm, so writer-app does not load it: choose another model.</source>
        <translation>模型文件 {name} 的对话模板有 {length:,} 字节，而正常的只有几千字节。这个文件已损坏或被人恶意改过，writer-app 不会加载它：请选择其他模型。</translation>
    </message>
    <message>
        <source>The model file {name} is incomplete (it ends too early): download it again.</source>
        <translation>模型文件 {name} 不完整（提前结束了）：请重新下载。</translation>
    </message>
    <message>
        <source>The model file {name} is damaged ({detail}): download it again or choose another model.</source>
        <translation>模型文件 {name} 已损坏（{detail}）：请重新下载，或选择其他模型。</translation>
    </message>
    <message>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a .gguf model file.</source>
        <translation>{path} 是一个文件夹；请选择 .gguf 模型文件。</translation>
    </message>
    <message>
        <source>writer-app may not read {path}: check its permissions.</source>
        <translation>writer-app 没有读取 {path} 的权限：请检查它的权限设置。</translation>
    </message>
    <message>
        <source>The model file {path} could not be read: {reason}.</source>
        <translation>无法读取模型文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The model file {name} is empty (0 bytes); the download probably failed. Download it again.</source>
        <translation>模型文件 {name} 是空的（0 字节），多半是下载失败了。请重新下载。</translation>
    </message>
    <message>
        <source>{name} is in the old GGML format, which llama.cpp no longer reads. Download the GGUF version of this model.</source>
        <translation>{name} 是旧的 GGML 格式，llama.cpp 已不再支持。请下载这个模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file. writer-app runs .gguf files, such as the quantized models published on the Hugging Face Hub.</source>
        <translation>{name} 不是 GGUF 模型文件。writer-app 运行的是 .gguf 文件，例如 Hugging Face 模型库上发布的量化模型。</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which this version of writer-app cannot read. Update writer-app or choose another model.</source>
        <translation>{name} 使用的是 GGUF 第 {version} 版，当前版本的 writer-app 无法读取。请更新 writer-app，或选择其他模型。</translation>
    </message>
    <message>
        <source>The model file {name} claims a trained context of {claimed:,} tokens, which no model has: the file is damaged or was made wrong, so writer-app does not load it. Choose another model.</source>
        <translation>模型文件 {name} 声称训练上下文长达 {claimed:,} 个词元，没有哪个模型是这样的：文件已损坏或制作有误，writer-app 不会加载它。请选择其他模型。</translation>
    </message>
    <message>
        <source>The model file {name} is incomplete ({size:,} of {expected:,} bytes): download it again.</source>
        <translation>模型文件 {name} 不完整（{size:,} / {expected:,} 字节）：请重新下载。</translation>
    </message>
    <message>
        <source>ModelScope</source>
        <translation>魔搭（ModelScope）</translation>
    </message>
    <message>
        <source>The Hugging Face Hub</source>
        <translation>Hugging Face 模型库</translation>
    </message>
    <message>
        <source>The mirror {host}</source>
        <translation>镜像 {host}</translation>
    </message>
    <message>
        <source>{source} could not be reached: {cause}.</source>
        <translation>无法访问 {source}：{cause}。</translation>
    </message>
    <message>
        <source>the proxy {proxy} did not pass the request on (check the proxy in Settings)</source>
        <translation>代理 {proxy} 没有转发请求（请在设置中检查代理）</translation>
    </message>
    <message>
        <source>the name {host} could not be looked up, so this computer is offline or that site is blocked on this network</source>
        <translation>无法解析域名 {host}，可能这台电脑没有联网，或者当前网络屏蔽了该网站</translation>
    </message>
    <message>
        <source>the secure connection to {host} failed (TLS), often because a network filter or a wrong clock breaks it</source>
        <translation>与 {host} 的安全连接（TLS）失败，通常是网络过滤或系统时间不对造成的</translation>
    </message>
    <message>
        <source>{host} refused the connection</source>
        <translation>{host} 拒绝了连接</translation>
    </message>
    <message>
        <source>{host} did not answer in time</source>
        <translation>{host} 没有及时响应</translation>
    </message>
    <message>
        <source>the connection to {host} failed ({error})</source>
        <translation>连接 {host} 失败（{error}）</translation>
    </message>
    <message>
        <source>This llama.cpp has {built} support, but {built} found no usable device. Check that the graphics driver is installed and recent.</source>
        <translation>这个 llama.cpp 支持 {built}，但 {built} 找不到可用的设备。请确认显卡驱动已安装且是较新的版本。</translation>
    </message>
    <message>
        <source>This llama.cpp was built for the CPU only. To use a GPU, install the CUDA, Metal or Vulkan build (see the README), then restart writer-app.</source>
        <translation>这个 llama.cpp 只为 CPU 构建。要使用 GPU，请安装 CUDA、Metal 或 Vulkan 版本（见 README），然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <source>GPU offload is off in Settings (GPU layers: 0).</source>
        <translation>设置中关闭了 GPU 加速（GPU 层数：0）。</translation>
    </message>
    <message>
        <source>{layers} of {total} layers, as set in Settings.</source>
        <translation>按设置放 {layers} / {total} 层。</translation>
    </message>
    <message>
        <source>The whole model fits on the GPU ({gb:.1f} GB free on the GPU).</source>
        <translation>整个模型都能放进 GPU（GPU 空闲显存 {gb:.1f} GB）。</translation>
    </message>
    <message>
        <source>Not one layer fits in GPU memory ({gb:.1f} GB free on the GPU): the model runs on the CPU. Close programs that use the GPU, or lower the context size.</source>
        <translation>GPU 显存连一层都放不下（GPU 空闲显存 {gb:.1f} GB）：模型在 CPU 上运行。请关闭占用 GPU 的程序，或调小上下文长度。</translation>
    </message>
    <message>
        <source>{layers} of {total} layers fit in GPU memory ({gb:.1f} GB free on the GPU); the rest run on the CPU.</source>
        <translation>GPU 显存能放下 {layers} / {total} 层（GPU 空闲显存 {gb:.1f} GB），其余在 CPU 上运行。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF file. A LoRA adapter must be in GGUF form: convert it with llama.cpp&apos;s convert_lora_to_gguf.py.</source>
        <translation>{name} 不是 GGUF 文件。LoRA 适配器必须是 GGUF 格式：请用 llama.cpp 的 convert_lora_to_gguf.py 转换。</translation>
    </message>
    <message>
        <source>The adapter {name} cannot be used: {reason}</source>
        <translation>无法使用适配器 {name}：{reason}</translation>
    </message>
    <message>
        <source>The adapter {name} is damaged ({detail}): make or download it again.</source>
        <translation>适配器 {name} 已损坏（{detail}）：请重新制作或下载。</translation>
    </message>
    <message>
        <source>{name} is a model, not a LoRA adapter. Choose an adapter file made for {base}, or open {name} with Model ▸ Open Model File….</source>
        <translation>{name} 是一个模型，不是 LoRA 适配器。请选择为 {base} 制作的适配器文件，或用“模型 ▸ 打开模型文件…”打开 {name}。</translation>
    </message>
    <message>
        <source>{name} is a &apos;{kind}&apos; adapter; writer-app uses LoRA adapters only.</source>
        <translation>{name} 是“{kind}”类型的适配器；writer-app 只使用 LoRA 适配器。</translation>
    </message>
    <message>
        <source>The adapter {name} was made for a &apos;{adapter_arch}&apos; model, but {base} is a &apos;{base_arch}&apos; model. Use an adapter made for {base}.</source>
        <translation>适配器 {name} 是为“{adapter_arch}”模型制作的，而 {base} 是“{base_arch}”模型。请使用为 {base} 制作的适配器。</translation>
    </message>
    <message>
        <source>The adapter {name} changes the tensor {tensor}, which {base} does not have: it was made for another base model.</source>
        <translation>适配器 {name} 会修改张量 {tensor}，但 {base} 没有这个张量：它是为另一个基础模型制作的。</translation>
    </message>
    <message>
        <source>The adapter {name} does not fit {base}: it changes {tensor} as a {adapter_shape} matrix, but in {base} it is {base_shape}. The adapter was made for another base model (perhaps another size of the same family).</source>
        <translation>适配器 {name} 与 {base} 不匹配：它把 {tensor} 当作 {adapter_shape} 的矩阵修改，而在 {base} 中它是 {base_shape}。这个适配器是为另一个基础模型制作的（可能是同一系列的另一种规模）。</translation>
    </message>
    <message>
        <source>LoRA adapters cannot be added to the model of the server at {host}: load them on the server, or use a local model.</source>
        <translation>不能为 {host} 上服务器的模型添加 LoRA 适配器：请在服务器上加载它们，或改用本地模型。</translation>
    </message>
    <message>
        <source>llama.cpp could not load the adapter {name}: {detail}</source>
        <translation>llama.cpp 无法加载适配器 {name}：{detail}</translation>
    </message>
    <message>
        <source>This model&apos;s attention heads are too small for a {kind} memory cache, so it uses the full-size (f16) cache.</source>
        <translation>这个模型的注意力头太小，无法使用 {kind} 缓存，因此改用完整大小的（f16）缓存。</translation>
    </message>
    <message>
        <source>The document&apos;s notes could not be saved ({reason}). Copy them somewhere safe, and check that the disk has room.</source>
        <translation>文档的笔记无法保存（{reason}）。请把笔记复制到安全的地方，并检查磁盘是否还有空间。</translation>
    </message>
    <message>
        <source>This document&apos;s notes could not be read ({reason}), so the Notes pane starts empty. The damaged file is kept as {name} in the app&apos;s data folder.</source>
        <translation>无法读取本文档的笔记（{reason}），因此笔记面板是空的。损坏的文件以 {name} 为名保留在应用的数据文件夹中。</translation>
    </message>
    <message>
        <source>it holds no list of entries</source>
        <translation>其中没有条目列表</translation>
    </message>
    <message>
        <source>This document&apos;s history could not be read ({reason}), so the History panel starts empty. The damaged file is kept as {name} in the app&apos;s data folder.</source>
        <translation>无法读取本文档的历史记录（{reason}），因此历史面板是空的。损坏的文件以 {name} 为名保留在应用的数据文件夹中。</translation>
    </message>
    <message>
        <source>This document&apos;s history was written by a later version of writer-app. It is shown as well as this version can, and left unchanged: new results are not kept in it.</source>
        <translation>本文档的历史记录由更新版本的 writer-app 写入。当前版本会尽量显示它，但不会改动它：新的结果不会保存到其中。</translation>
    </message>
    <message>
        <source>The assistant&apos;s result could not be kept in this document&apos;s history ({reason}). Check that the disk has room.</source>
        <translation>助手的结果无法保存到本文档的历史记录中（{reason}）。请检查磁盘是否还有空间。</translation>
    </message>
    <message>
        <source>it names an unknown encoding, {encoding}</source>
        <translation>其中的编码 {encoding} 无法识别</translation>
    </message>
    <message>
        <source>it names no known line end</source>
        <translation>其中的换行符无法识别</translation>
    </message>
    <message>
        <source>A record of unsaved text could not be read ({reason}). It is kept as {name} in the app&apos;s data folder.</source>
        <translation>无法读取一份未保存文本的恢复记录（{reason}）。它以 {name} 为名保留在应用的数据文件夹中。</translation>
    </message>
    <message>
        <source>{problem} It is kept as {name}, so this is said once: mend it and give it back its name to use it.</source>
        <translation>{problem} 该文件已改名为 {name}，因此此提示只出现一次：修复后将其改回原名即可使用。</translation>
    </message>
    <message>
        <source>it cannot be opened: {reason}</source>
        <translation>无法打开：{reason}</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <source>it cannot be read: {reason}</source>
        <translation>无法读取：{reason}</translation>
    </message>
    <message>
        <source>it is larger than {limit:,} bytes</source>
        <translation>它大于 {limit:,} 字节</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>it is nested more than {depth} levels deep</source>
        <translation>它的嵌套超过 {depth} 层</translation>
    </message>
    <message>
        <source>it is not valid JSON ({reason})</source>
        <translation>它不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>it is not valid TOML ({reason})</source>
        <translation>它不是有效的 TOML（{reason}）</translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <translation>其中没有 JSON 对象</translation>
    </message>
    <message>
        <source>“{key}” is not a whole number from {low} to {high}</source>
        <translation>“{key}”不是 {low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>“{key}” is not a number from {low} to {high}</source>
        <translation>“{key}”不是 {low} 到 {high} 之间的数字</translation>
    </message>
    <message>
        <source>“{key}” is not a piece of text</source>
        <translation>“{key}”不是文本</translation>
    </message>
    <message>
        <source>the Hugging Face Hub</source>
        <translation>Hugging Face 模型库</translation>
    </message>
    <message>
        <source>the mirror {host}</source>
        <translation>镜像 {host}</translation>
    </message>
    <message>
        <source>writer-app is working offline (HF_HUB_OFFLINE or the Work offline setting), so nothing is downloaded. Models already on this computer keep working.</source>
        <translation>writer-app 正处于离线模式（HF_HUB_OFFLINE 或“离线工作”设置），因此不会下载任何内容。这台电脑上已有的模型仍可正常使用。</translation>
    </message>
    <message>
        <source>This model needs an access token and accepted terms: accept them at {link}, then add your token in Settings.</source>
        <translation>这个模型需要访问令牌并接受使用条款：请在 {link} 接受条款，然后在“设置”中添加你的令牌。</translation>
    </message>
    <message>
        <source>{what} was not found on {source} (check the name, or add a token in Settings if it is private).</source>
        <translation>在{source}上找不到 {what}（请检查名称；如果它是私有的，请在“设置”中添加令牌）。</translation>
    </message>
    <message>
        <source>{what} was not found on {source}.</source>
        <translation>在{source}上找不到 {what}。</translation>
    </message>
    <message>
        <source>The request to {source} for {what} failed: {reason}</source>
        <translation>向{source}请求 {what} 失败：{reason}</translation>
    </message>
    <message>
        <source>{source} answered {status} for {what}; try again later.</source>
        <translation>{source}对 {what} 的请求返回了 {status}；请稍后再试。</translation>
    </message>
    <message>
        <source>“{repo}” is not a repository name: write it as owner/name.</source>
        <translation>“{repo}”不是仓库名：请写成“所有者/名称”的形式。</translation>
    </message>
    <message>
        <source>{repo} has no file {file} on {source}.</source>
        <translation>{source}上的 {repo} 中没有文件 {file}。</translation>
    </message>
    <message>
        <source>The server at {host} has no model named &apos;{name}&apos;; it offers: {offered}.</source>
        <translation>{host} 上的服务器没有名为“{name}”的模型；它提供的有：{offered}。</translation>
    </message>
    <message>
        <source>No server model is in use yet: choose one in Model ▸ Servers….</source>
        <translation>尚未使用任何服务器模型：请在“模型 ▸ 服务器…”中选择一个。</translation>
    </message>
    <message>
        <source>{failure} The text so far is kept, but it is incomplete.</source>
        <translation>{failure} 已生成的文字会保留，但内容不完整。</translation>
    </message>
    <message>
        <source>The server at {host} stopped a draft as soon as the next one was asked for: it answers one request at a time. Ask again: writer-app now asks it for the drafts one after another.</source>
        <translation>{host} 上的服务器在收到下一份草稿的请求时就停止了当前草稿：它一次只处理一个请求。请再试一次：writer-app 现在会逐份向它请求草稿。</translation>
    </message>
    <message>
        <source>The server at {host} did not stream its answer as the OpenAI API does (server-sent events): it is probably another kind of server.</source>
        <translation>{host} 上的服务器没有按 OpenAI API 的方式（服务器发送事件）流式传送回答：它可能是另一种服务器。</translation>
    </message>
    <message>
        <source>The server at {host} ended the answer early without saying why: it may have started on another request.</source>
        <translation>{host} 上的服务器提前结束了回答，且未说明原因：它可能开始处理另一个请求了。</translation>
    </message>
    <message>
        <source>The connection to {host} was lost in the middle of the answer: the server may have stopped or restarted.</source>
        <translation>回答进行到一半时与 {host} 的连接断开了：服务器可能已停止或重启。</translation>
    </message>
    <message>
        <source>The server at {host} stopped with an error: {error}</source>
        <translation>{host} 上的服务器因错误而停止：{error}</translation>
    </message>
    <message>
        <source>The server at {host} sent something that is not part of an OpenAI-compatible answer.</source>
        <translation>{host} 上的服务器发送的内容不属于兼容 OpenAI 的回答。</translation>
    </message>
    <message>
        <source>This version of llama.cpp does not support the model architecture &apos;{architecture}&apos;. Update writer-app or choose another model.</source>
        <translation>此版本的 llama.cpp 不支持模型架构“{architecture}”。请更新 writer-app 或选择其他模型。</translation>
    </message>
    <message>
        <source>The model file is incomplete or corrupted: download it again.</source>
        <translation>模型文件不完整或已损坏：请重新下载。</translation>
    </message>
    <message>
        <source>There is not enough memory to load this model: close other programs, choose a smaller model, or lower the context size in Settings.</source>
        <translation>内存不足，无法加载这个模型：请关闭其他程序、选择更小的模型，或在“设置”中调小上下文长度。</translation>
    </message>
    <message>
        <source>no reason was logged</source>
        <translation>日志中没有记录原因</translation>
    </message>
    <message>
        <source>{meaning} (llama.cpp: {reason})</source>
        <translation>{meaning}（llama.cpp：{reason}）</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}</source>
        <translation>llama.cpp 无法加载 {name}：{detail}</translation>
    </message>
    <message>
        <source>{name} is a &apos;{architecture}&apos; model, which this version of llama.cpp does not support. Update writer-app or choose another model.</source>
        <translation>{name} 是“{architecture}”架构的模型，此版本的 llama.cpp 不支持。请更新 writer-app 或选择其他模型。</translation>
    </message>
    <message>
        <source>llama.cpp could not apply the adapters to this model.</source>
        <translation>llama.cpp 无法将这些适配器应用到这个模型。</translation>
    </message>
    <message>
        <source>Loading {name} was cancelled.</source>
        <translation>已取消加载 {name}。</translation>
    </message>
    <message>
        <source>llama.cpp could not split the text into tokens.</source>
        <translation>llama.cpp 无法将文本切分为词元。</translation>
    </message>
    <message>
        <source>llama.cpp could not read the prompt ({reason}).</source>
        <translation>llama.cpp 无法读取提示词（{reason}）。</translation>
    </message>
    <message>
        <source>llama.cpp could not generate the drafts (error {status}).</source>
        <translation>llama.cpp 无法生成草稿（错误 {status}）。</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>该文件</translation>
    </message>
    <message>
        <source>{name} is UTF-8 text, but byte {offset:,} is not valid UTF-8 (the file may be damaged or mix encodings). It can be opened with the bytes that cannot be read shown as �; saving it then writes � in their place.</source>
        <translation>{name} 是 UTF-8 文本，但第 {offset:,} 个字节不是有效的 UTF-8（文件可能已损坏或混用了多种编码）。可以打开它，无法读取的字节会显示为 �；之后保存时，这些位置会写入 �。</translation>
    </message>
    <message>
        <source>{name} was moved or deleted by another program since it was opened here. Save this version there again, save it under another name, or cancel?</source>
        <translation>{name} 在这里打开后已被其他程序移动或删除。要把这个版本重新保存到原位置、另存为其他名称，还是取消？</translation>
    </message>
    <message>
        <source>{name} was changed on disk by another program since it was opened here. Overwrite it with this version (the other changes are lost), save this version under another name, or cancel?</source>
        <translation>{name} 在这里打开后已被其他程序在磁盘上修改。要用这个版本覆盖它（其他修改会丢失）、将这个版本另存为其他名称，还是取消？</translation>
    </message>
    <message>
        <source>{name} is read-only. Saving replaces it with this version and keeps it read-only. Overwrite it anyway?</source>
        <translation>{name} 是只读文件。保存会用这个版本替换它，并保持只读。仍要覆盖吗？</translation>
    </message>
    <message>
        <source>{name} is not text in any encoding writer-app recognises: it was not opened.</source>
        <translation>{name} 不是 writer-app 能识别的任何编码的文本：未打开。</translation>
    </message>
    <message>
        <source>{name} looks like a binary file, not text: it was not opened.</source>
        <translation>{name} 看起来是二进制文件，不是文本：未打开。</translation>
    </message>
    <message>
        <source>{name} cannot be read as {encoding}: byte {offset:,} is not valid in it. Choose another encoding.</source>
        <translation>无法按 {encoding} 读取 {name}：第 {offset:,} 个字节在该编码中无效。请选择其他编码。</translation>
    </message>
    <message>
        <source>writer-app does not know the encoding {encoding}.</source>
        <translation>writer-app 不认识编码 {encoding}。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a document.</source>
        <translation>{path} 是文件夹，不是文档。</translation>
    </message>
    <message>
        <source>You do not have permission to read {path}.</source>
        <translation>你没有读取 {path} 的权限。</translation>
    </message>
    <message>
        <source>{path} could not be read: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The text contains {characters}, which {encoding} cannot store. Use File ▸ Save with Encoding… and choose UTF-8, which stores every character.</source>
        <translation>文本中含有 {characters}，{encoding} 无法保存它。请使用“文件 ▸ 以其他编码保存…”并选择能保存所有字符的 UTF-8。</translation>
    </message>
    <message>
        <source>{path} could not be saved: {reason}.</source>
        <translation>无法保存 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The folder {folder} no longer exists: use Save As.</source>
        <translation>文件夹 {folder} 已不存在：请使用“另存为”。</translation>
    </message>
    <message>
        <source>You do not have permission to write in {folder}: use Save As.</source>
        <translation>你没有写入 {folder} 的权限：请使用“另存为”。</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>{name} could not be saved ({reason}); the file on disk is unchanged.</source>
        <translation>无法保存 {name}（{reason}）；磁盘上的文件没有改变。</translation>
    </message>
    <message>
        <source>No model is loaded yet: open a GGUF model file or download one first.</source>
        <translation>尚未加载模型：请先打开一个 GGUF 模型文件或下载一个模型。</translation>
    </message>
    <message>
        <source>The server named a repository {repo}, which is not a safe folder name, so nothing was downloaded. Check the mirror in Settings.</source>
        <translation>服务器给出的仓库名 {repo} 不是安全的文件夹名，因此没有下载任何内容。请在“设置”中检查镜像。</translation>
    </message>
    <message>
        <source>The server listed a file {file}, which is not a safe file name, so nothing was downloaded. Check the mirror in Settings.</source>
        <translation>服务器列出的文件 {file} 不是安全的文件名，因此没有下载任何内容。请在“设置”中检查镜像。</translation>
    </message>
    <message>
        <source>Not enough disk space: this model needs {needed} more and {free} are free on the disk of {folder}. Free some space or choose a smaller model.</source>
        <translation>磁盘空间不足：这个模型还需要 {needed}，而 {folder} 所在磁盘只有 {free} 可用。请释放一些空间或选择更小的模型。</translation>
    </message>
    <message>
        <source>The server sent more than the {size:,} bytes {source} lists for {file}, so the download was stopped and deleted. Download it again; if this repeats, check the mirror or proxy in Settings.</source>
        <translation>服务器发送的数据超过了{source}为 {file} 列出的 {size:,} 字节，因此下载已停止并删除。请重新下载；如果再次发生，请在“设置”中检查镜像或代理。</translation>
    </message>
    <message>
        <source>The download of {file} kept failing ({reason}). What was downloaded is kept: resume it later.</source>
        <translation>{file} 的下载反复失败（{reason}）。已下载的部分会保留：请稍后继续下载。</translation>
    </message>
    <message>
        <source>The disk is full: free some space and resume the download.</source>
        <translation>磁盘已满：请释放一些空间后继续下载。</translation>
    </message>
    <message>
        <source>it has {size:,} bytes, the source lists {listed:,}</source>
        <translation>它有 {size:,} 字节，而来源列出的是 {listed:,} 字节</translation>
    </message>
    <message>
        <source>its sha256 does not match the published one</source>
        <translation>它的 sha256 与公布的不一致</translation>
    </message>
    <message>
        <source>The downloaded {file} is not the file on {source} ({problem}), so it was deleted. Download it again; if this repeats, check the mirror or proxy in Settings.</source>
        <translation>下载的 {file} 与{source}上的文件不一致（{problem}），因此已删除。请重新下载；如果再次发生，请在“设置”中检查镜像或代理。</translation>
    </message>
    <message>
        <source>The downloaded file is not a usable model: {reason}</source>
        <translation>下载的文件不是可用的模型：{reason}</translation>
    </message>
    <message>
        <source>{name} is not in writer-app&apos;s models folder, so it is not deleted here (remove it from where it lives, or forget it in the model manager).</source>
        <translation>{name} 不在 writer-app 的模型文件夹中，因此不会在这里删除（请到它所在的位置删除，或在模型管理器中移除它）。</translation>
    </message>
    <message>
        <source>{what} was not found on ModelScope (check the name).</source>
        <translation>在魔搭（ModelScope）上找不到 {what}（请检查名称）。</translation>
    </message>
    <message>
        <source>ModelScope sent an answer for {what} that is not a file list; check the ModelScope address in Settings.</source>
        <translation>魔搭（ModelScope）对 {what} 的回答不是文件列表；请在“设置”中检查魔搭的地址。</translation>
    </message>
    <message>
        <source>On ModelScope, type a repository name such as Qwen/Qwen3-4B-GGUF; searching works on the Hugging Face Hub and its mirrors.</source>
        <translation>在魔搭（ModelScope）上，请输入仓库名，例如 Qwen/Qwen3-4B-GGUF；搜索功能仅适用于 Hugging Face 模型库及其镜像。</translation>
    </message>
    <message>
        <source>{name} is not on ModelScope. Choose a Qwen model, or use the Hugging Face Hub or a mirror of it for this one.</source>
        <translation>魔搭（ModelScope）上没有 {name}。请选择一个 Qwen 模型，或改用 Hugging Face 模型库或其镜像来获取这个模型。</translation>
    </message>
    <message>
        <source>no GGUF files</source>
        <translation>没有 GGUF 文件</translation>
    </message>
    <message>
        <source>{repo} on {source} has no {wanted} file of {name} (it offers {offered}). Choose another model, or pick a file of this one in Models ▸ Get models.</source>
        <translation>{source}上的 {repo} 没有 {name} 的 {wanted} 文件（它提供的有：{offered}）。请选择其他模型，或在“模型 ▸ 获取模型”中选择这个模型的某个文件。</translation>
    </message>
    <message>
        <source>The CA file {file} could not be read ({reason}): choose a PEM certificate file in Model ▸ Servers….</source>
        <translation>无法读取 CA 文件 {file}（{reason}）：请在“模型 ▸ 服务器…”中选择一个 PEM 证书文件。</translation>
    </message>
    <message>
        <source>The server at {where} did not answer in time. It may be busy or unreachable from this network; try again later.</source>
        <translation>{where} 上的服务器没有及时回答。它可能正忙，或者从这个网络无法访问；请稍后再试。</translation>
    </message>
    <message>
        <source>The TLS certificate of {where} could not be verified ({reason}). If the server uses a certificate authority of your own, choose its CA file.</source>
        <translation>无法验证 {where} 的 TLS 证书（{reason}）。如果服务器使用你自己的证书颁发机构，请选择它的 CA 文件。</translation>
    </message>
    <message>
        <source>A secure (https) connection to {where} could not be made: the server may speak plain http on that port.</source>
        <translation>无法与 {where} 建立安全（https）连接：服务器在该端口上可能使用的是普通 http。</translation>
    </message>
    <message>
        <source>The name {host} could not be found (DNS): check the address, and that this computer is on the server&apos;s network.</source>
        <translation>找不到名称 {host}（DNS）：请检查地址，并确认这台电脑与服务器在同一网络中。</translation>
    </message>
    <message>
        <source>Nothing answers at {where}: the connection was refused. Check that the server is running and listens on that port.</source>
        <translation>{where} 没有任何响应：连接被拒绝。请检查服务器是否正在运行并监听该端口。</translation>
    </message>
    <message>
        <source>The connection to {where} failed: {reason}.</source>
        <translation>与 {where} 的连接失败：{reason}。</translation>
    </message>
    <message>
        <source>The server at {where} is busy (429, too many requests): try again shortly.</source>
        <translation>{where} 上的服务器正忙（429，请求过多）：请稍后再试。</translation>
    </message>
    <message>
        <source>The server at {where} refused the API key ({status}): check the key.</source>
        <translation>{where} 上的服务器拒绝了 API 密钥（{status}）：请检查密钥。</translation>
    </message>
    <message>
        <source>The server at {where} answered, but not as an OpenAI-compatible API (404 at {path}): check the address and the model name.</source>
        <translation>{where} 上的服务器有回应，但不是兼容 OpenAI 的 API（{path} 返回 404）：请检查地址和模型名称。</translation>
    </message>
    <message>
        <source>The server at {where} failed with an internal error ({status}).</source>
        <translation>{where} 上的服务器出现内部错误（{status}）。</translation>
    </message>
    <message>
        <source>The server at {where} refused the request ({status}).</source>
        <translation>{where} 上的服务器拒绝了请求（{status}）。</translation>
    </message>
    <message>
        <source>{meaning} The server said: {detail}</source>
        <translation>{meaning} 服务器的说明：{detail}</translation>
    </message>
    <message>
        <source>The server at {where} answered, but not as an OpenAI-compatible API: its list of models could not be read. Check the address.</source>
        <translation>{where} 上的服务器有回应，但不是兼容 OpenAI 的 API：无法读取它的模型列表。请检查地址。</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>这个模型</translation>
    </message>
    <message>
        <source>The chat template in {name} does not work ({reason}). This is a fault in the model file, not in your text: writer-app uses a plain prompt for this model, so its answers may be weaker. A corrected copy of the model may be available where you got it.</source>
        <translation>{name} 中的对话模板无法使用（{reason}）。这是模型文件的问题，不是你的文字的问题：writer-app 会为这个模型改用普通提示词，因此它的回答可能会差一些。获取该模型的地方也许有修正过的版本。</translation>
    </message>
    <message>
        <source>The document&apos;s notes take more than half of the model&apos;s context of {n_ctx} tokens: shorten them in the Notes pane or raise the context size in Settings.</source>
        <translation>本文档的笔记占用了模型 {n_ctx} 词元上下文的一半以上：请在笔记面板中缩短笔记，或在“设置”中调大上下文长度。</translation>
    </message>
    <message>
        <source>The selection is too long to rewrite in one go with a context of {n_ctx} tokens: select less text or raise the context size in Settings.</source>
        <translation>在 {n_ctx} 词元的上下文中，所选文字太长，无法一次改写：请少选一些文字，或在“设置”中调大上下文长度。</translation>
    </message>
    <message>
        <source>The context window ({n_ctx} tokens) is too small for this request: raise the context size or lower the maximum length in Settings.</source>
        <translation>上下文窗口（{n_ctx} 词元）对这个请求来说太小：请在“设置”中调大上下文长度或调小最大长度。</translation>
    </message>
    <message>
        <source>it stopped answering</source>
        <translation>它停止了响应</translation>
    </message>
    <message>
        <source>it was killed, often because the computer ran out of memory</source>
        <translation>它被强制结束了，通常是因为电脑内存不足</translation>
    </message>
    <message>
        <source>it was stopped by {signal}</source>
        <translation>它被 {signal} 信号停止</translation>
    </message>
    <message>
        <source>it exited with code {code}</source>
        <translation>它以代码 {code} 退出</translation>
    </message>
    <message>
        <source>The engine did not answer.</source>
        <translation>引擎没有响应。</translation>
    </message>
    <message>
        <source>Loading {name} did not finish after it was cancelled, so the engine was stopped. Load the model again when you need it.</source>
        <translation>取消后 {name} 的加载仍未结束，因此引擎已停止。需要时请重新加载模型。</translation>
    </message>
    <message>
        <source>llama.cpp stopped while loading {name}: the file is probably damaged or not supported. Download it again or choose another model. ({reason})</source>
        <translation>llama.cpp 在加载 {name} 时停止了：文件可能已损坏或不受支持。请重新下载或选择其他模型。（{reason}）</translation>
    </message>
    <message>
        <source>{name} needs about {needed} of memory with a context of {n_ctx:,} tokens, but only {available} are free. Close other programs, choose a smaller model, or lower the context size in Settings.</source>
        <translation>在 {n_ctx:,} 词元的上下文下，{name} 大约需要 {needed} 内存，但只有 {available} 可用。请关闭其他程序、选择更小的模型，或在“设置”中调小上下文长度。</translation>
    </message>
    <message>
        <source>The engine was closed (writer-app is closing or switched engines), so the request was not started.</source>
        <translation>引擎已关闭（writer-app 正在退出或切换了引擎），因此请求没有开始。</translation>
    </message>
    <message>
        <source>The writing engine did not stop within {seconds:g} s, so writer-app ended it. Your text is safe; the next request starts the engine again and reloads the model.</source>
        <translation>写作引擎在 {seconds:g} 秒内没有停止，因此 writer-app 结束了它。你的文字是安全的；下一个请求会重新启动引擎并重新加载模型。</translation>
    </message>
    <message>
        <source>The writing engine stopped unexpectedly ({how}). Your text is safe; the next request starts the engine again.</source>
        <translation>写作引擎意外停止（{how}）。你的文字是安全的；下一个请求会重新启动引擎。</translation>
    </message>
    <message>
        <source>“{key}” must be a piece of text</source>
        <translation>“{key}”必须是一段文字</translation>
    </message>
    <message>
        <source>“{key}” must be a whole number from {low} to {high}</source>
        <translation>“{key}”必须是 {low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>“{key}” uses the unknown placeholder {placeholder}; it may use {allowed}</source>
        <translation>“{key}”使用了未知的占位符 {placeholder}；可以使用的有 {allowed}</translation>
    </message>
    <message>
        <source>“{key}” has a broken placeholder ({reason}); write {{{{ and }}}} for a literal brace</source>
        <translation>“{key}”中有损坏的占位符（{reason}）；要写花括号本身，请写 {{{{ 和 }}}}</translation>
    </message>
    <message>
        <source>“{key}” must be a table of texts by language: {choices}</source>
        <translation>“{key}”必须是按语言列出的文本表：{choices}</translation>
    </message>
    <message>
        <source>“{key}” has a broken placeholder ({placeholder}); a placeholder is a name alone, such as {{topic}}; write {{{{ and }}}} for a literal brace</source>
        <translation>“{key}”中有损坏的占位符（{placeholder}）；占位符只能是一个名称，例如 {{topic}}；要写花括号本身，请写 {{{{ 和 }}}}</translation>
    </message>
    <message>
        <source>“name” may hold only letters, digits, spaces, - and _ (at most 60)</source>
        <translation>“name”只能包含字母、数字、空格、- 和 _（最多 60 个）</translation>
    </message>
    <message>
        <source>“language” must be one of: {choices}</source>
        <translation>“language”必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>“fields” must be a list drawn from: {choices}</source>
        <translation>“fields”必须是由以下各项组成的列表：{choices}</translation>
    </message>
    <message>
        <source>“headings” must be true or false</source>
        <translation>“headings”必须是 true 或 false</translation>
    </message>
    <message>
        <source>The template file {path} cannot be read ({reason}).</source>
        <translation>无法读取模板文件 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>The template file {path} was skipped: {reason}.</source>
        <translation>已跳过模板文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The address must start with http:// or https://.</source>
        <translation>地址必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>The address needs a host name, such as http://gpu-box.local:8080.</source>
        <translation>地址需要包含主机名，例如 http://gpu-box.local:8080。</translation>
    </message>
    <message>
        <source>The port in the address is not a number from 1 to 65535.</source>
        <translation>地址中的端口不是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>it builds a value of {size:,} items, over the limit of {limit:,}</source>
        <translation>它生成了一个含 {size:,} 项的值，超过了 {limit:,} 的上限</translation>
    </message>
    <message>
        <source>it passes the number {value:,} to a function</source>
        <translation>它把数字 {value:,} 传给了一个函数</translation>
    </message>
    <message>
        <source>it formats with a huge width</source>
        <translation>它使用了极大的格式宽度</translation>
    </message>
    <message>
        <source>it computes a number of about {bits:,} bits</source>
        <translation>它计算出了一个约 {bits:,} 位的数字</translation>
    </message>
    <message>
        <source>it ran for more than {seconds:g} s</source>
        <translation>它运行超过了 {seconds:g} 秒</translation>
    </message>
    <message>
        <source>The scale {scale} of the adapter {name} is not a number from 0 to {most}: choose one in that range (1 applies the adapter as it was made).</source>
        <translation>适配器 {name} 的强度 {scale} 不是 0 到 {most} 之间的数：请在这个范围内选择（1 表示按适配器原样应用）。</translation>
    </message>
    <message>
        <source>The adapter {name} is given twice (scales {first} and {second}): give it once, with the scale you want.</source>
        <translation>适配器 {name} 被指定了两次（强度 {first} 和 {second}）：请只指定一次，并给出想要的强度。</translation>
    </message>
    <message>
        <source>{name} cannot be saved where it is: the folder {folder} is on a disk that can only be read. Use Save As to save it somewhere else.</source>
        <translation>{name} 无法保存在原处：文件夹 {folder} 所在的磁盘是只读的。请用“另存为”保存到别处。</translation>
    </message>
    <message>
        <source>{name} cannot be saved where it is: you do not have permission to write in the folder {folder}. Use Save As to save it somewhere else.</source>
        <translation>{name} 无法保存在原处：你没有在文件夹 {folder} 中写入的权限。请用“另存为”保存到别处。</translation>
    </message>
    <message>
        <source>{path} is not a file but a pipe, a device or a socket: save the text in a file and open that.</source>
        <translation>{path} 不是普通文件，而是管道、设备或套接字：请把文本存成文件后再打开。</translation>
    </message>
    <message>
        <source>{name} holds more than {limit}, more than writer-app reads: split it into smaller documents.</source>
        <translation>{name} 超过 {limit}，超出了 writer-app 能读取的大小：请把它拆成几个较小的文档。</translation>
    </message>
    <message>
        <source>The model on {host} thought for {tokens:,} tokens and reached its limit before it wrote anything, so there is no answer. Ask again, or choose a longer length.</source>
        <translation>{host} 上的模型思考了 {tokens:,} 个词元，在写出任何内容之前就达到了上限，因此没有回答。请再试一次，或选择更长的长度。</translation>
    </message>
    <message>
        <source>The server at {host} did not finish in time: the request took more than {seconds:g} seconds, so writer-app stopped it there. It may be busy or stuck; try again later.</source>
        <translation>{host} 上的服务器没有按时完成：请求用了超过 {seconds:g} 秒，writer-app 已将其停止。服务器可能正忙或已卡住，请稍后再试。</translation>
    </message>
    <message>
        <source>The server at {host} did not answer in time: nothing came for {seconds:g} seconds. It may be busy or stuck; try again later.</source>
        <translation>{host} 上的服务器没有按时回答：{seconds:g} 秒内没有收到任何内容。服务器可能正忙或已卡住，请稍后再试。</translation>
    </message>
    <message>
        <source>The server at {host} sent more than {size} for one answer, far more than the text asked for, so writer-app stopped it there.</source>
        <translation>{host} 上的服务器为一次回答发送了超过 {size} 的数据，远超所请求的文本，writer-app 已将其停止。</translation>
    </message>
    <message>
        <source>The server at {host} sent more than {size} in one piece of its answer, where a model sends a few characters at a time: it is not an OpenAI-compatible answer.</source>
        <translation>{host} 上的服务器在回答的一个片段中发送了超过 {size} 的数据，而模型每次只会发送几个字符：这不是 OpenAI 兼容的回答。</translation>
    </message>
    <message>
        <source>The server at {host} sent an answer larger than {size} where a short one was expected: it was not read. Check the address.</source>
        <translation>{host} 上的服务器发送的回答超过 {size}，而此处应是简短的回答：未读取该回答。请检查地址。</translation>
    </message>
    <message>
        <source>The server at {host} sent JSON nested more than {depth} levels deep: it is not an OpenAI-compatible answer, and was not read.</source>
        <translation>{host} 上的服务器发送的 JSON 嵌套超过 {depth} 层：这不是 OpenAI 兼容的回答，未读取。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{names} and {count:,} more</source>
        <translation>{names} 以及另外 {count:,} 个</translation>
    </message>
    <message>
        <source>Word document</source>
        <translation>Word 文档</translation>
    </message>
    <message>
        <source>OpenDocument text</source>
        <translation>OpenDocument 文本</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Web page (HTML)</source>
        <translation>网页（HTML）</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>The export could not be written: the system refused to start the file&apos;s writer. Try again, or choose another format.</source>
        <translation>无法写入导出文件：系统未能启动该格式的写入程序。请重试，或选择其他格式。</translation>
    </message>
    <message>
        <source>No font on this computer can show Chinese text, so the PDF or printout would show empty boxes. Install a Chinese font (on Linux the package fonts-noto-cjk), then export again.</source>
        <translation>这台电脑上没有能显示中文的字体，PDF 或打印出来的中文会是空白方框。请安装一种中文字体（Linux 上可安装 fonts-noto-cjk 软件包），然后重新导出。</translation>
    </message>
    <message>
        <source>Enchant found no spelling dictionaries. Install one, such as hunspell-en-us on Debian and Ubuntu, and start writer-app again.</source>
        <translation>Enchant 没有找到拼写词典。请安装一个（例如 Debian 和 Ubuntu 上的 hunspell-en-us），然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>Spell checking needs the Enchant library, which was not found. Install it (libenchant-2-2 on Debian and Ubuntu, enchant with Homebrew) and start writer-app again.</source>
        <translation>拼写检查需要 Enchant 库，但没有找到它。请安装（Debian 和 Ubuntu 上为 libenchant-2-2，Homebrew 上为 enchant），然后重新启动 writer-app。</translation>
    </message>
    <message>
        <source>Your word list ({name}) could not be read ({why}), so it was not changed: “{word}” passes until writer-app closes.</source>
        <translation>无法读取你的个人词表（{name}）（{why}），因此没有修改它：在 writer-app 关闭前不再标出“{word}”。</translation>
    </message>
    <message>
        <source>“{word}” was not added to your word list: {why} It passes until writer-app closes.</source>
        <translation>“{word}”没有添加到你的个人词表：{why} 在 writer-app 关闭前不再标出它。</translation>
    </message>
    <message>
        <source>it does not hold a list of goals</source>
        <translation>其中没有目标列表</translation>
    </message>
    <message>
        <source>The documents&apos; goals could not be read ({reason}), so no document has a goal now. The damaged file is kept as {name} in the app&apos;s data folder.</source>
        <translation>无法读取各文档的目标（{reason}），所以现在没有文档设有目标。损坏的文件以 {name} 为名保留在应用的数据文件夹中。</translation>
    </message>
    <message>
        <source>The goal could not be saved ({reason}). Check that the disk has room.</source>
        <translation>无法保存目标（{reason}）。请检查磁盘是否还有空间。</translation>
    </message>
    <message>
        <source>The regular expression is too complex: make it shorter.</source>
        <translation>正则表达式太复杂：请把它改短些。</translation>
    </message>
    <message>
        <source>missing ), unterminated subpattern</source>
        <translation>缺少 )，括号没有闭合</translation>
    </message>
    <message>
        <source>unterminated character set</source>
        <translation>字符集 [ ] 没有闭合</translation>
    </message>
    <message>
        <source>nothing to repeat</source>
        <translation>前面没有可重复的内容</translation>
    </message>
    <message>
        <source>multiple repeat</source>
        <translation>重复符号连用</translation>
    </message>
    <message>
        <source>unbalanced parenthesis</source>
        <translation>括号不成对</translation>
    </message>
    <message>
        <source>unexpected end of pattern</source>
        <translation>表达式意外结束</translation>
    </message>
    <message>
        <source>look-behind requires fixed-width pattern</source>
        <translation>后向断言只能用固定长度的模式</translation>
    </message>
    <message>
        <source>missing group name</source>
        <translation>缺少组名</translation>
    </message>
    <message>
        <source>missing &gt;, unterminated name</source>
        <translation>缺少 &gt;，组名没有闭合</translation>
    </message>
    <message>
        <source>bad escape {rest}</source>
        <translation>无效的转义 {rest}</translation>
    </message>
    <message>
        <source>bad character range {rest}</source>
        <translation>无效的字符范围 {rest}</translation>
    </message>
    <message>
        <source>unknown extension {rest}</source>
        <translation>未知的扩展写法 {rest}</translation>
    </message>
    <message>
        <source>unknown group name {rest}</source>
        <translation>未知的组名 {rest}</translation>
    </message>
    <message>
        <source>invalid group reference {rest}</source>
        <translation>无效的组引用 {rest}</translation>
    </message>
    <message>
        <source>Not a valid regular expression: {reason}.</source>
        <translation>不是有效的正则表达式：{reason}。</translation>
    </message>
    <message>
        <source>Not a valid regular expression: {reason} at character {position}.</source>
        <translation>不是有效的正则表达式（第 {position} 个字符处）：{reason}。</translation>
    </message>
    <message>
        <source>The replacement cannot be used: {reason}.</source>
        <translation>无法使用这个替换内容：{reason}。</translation>
    </message>
    <message>
        <source>Continue Writing</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>a Continue draft</source>
        <translation>续写草稿</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>an inline suggestion</source>
        <translation>行内建议</translation>
    </message>
    <message>
        <source>a word alternative</source>
        <translation>候选词</translation>
    </message>
    <message>
        <source>New from Brief</source>
        <translation>根据要点新建</translation>
    </message>
    <message>
        <source>the History panel</source>
        <translation>历史记录面板</translation>
    </message>
    <message>
        <source>marked by you</source>
        <translation>由你标记</translation>
    </message>
    <message>
        <source>it holds no list of passages</source>
        <translation>其中没有段落列表</translation>
    </message>
    <message>
        <source>Which parts of this document the model wrote could not be read ({reason}), so no text is marked as AI-written. The damaged file is kept as {name} in the app&apos;s data folder.</source>
        <translation>无法读取本文档中哪些部分由模型生成（{reason}），因此没有文字被标记为 AI 生成。损坏的文件已保存为应用数据文件夹中的 {name}。</translation>
    </message>
    <message>
        <source>The file was changed outside writer-app: {count} of its AI-written passages no longer match it in whole or in part, and the parts that do not match are no longer marked.</source>
        <translation>该文件在 writer-app 之外被修改过：其中 {count} 段 AI 生成的文字已全部或部分对不上，对不上的部分不再标记。</translation>
    </message>
    <message>
        <source>Which parts of this document the model wrote could not be kept ({reason}). Check that the disk has room.</source>
        <translation>无法保存本文档中哪些部分由模型生成的记录（{reason}）。请检查磁盘是否还有空间。</translation>
    </message>
    <message>
        <source>{file} was passed over: {reason}</source>
        <translation>已跳过 {file}：{reason}</translation>
    </message>
    <message>
        <source>The Ollama model {name} was passed over: {reason}</source>
        <translation>已跳过 Ollama 模型 {name}：{reason}</translation>
    </message>
    <message>
        <source>its manifest disappeared while it was read</source>
        <translation>读取时其清单文件消失了</translation>
    </message>
    <message>
        <source>its manifest has no list of layers</source>
        <translation>其清单文件没有层列表</translation>
    </message>
    <message>
        <source>its manifest names no model layer</source>
        <translation>其清单文件没有指明模型层</translation>
    </message>
    <message>
        <source>its model file cannot be read: {reason}</source>
        <translation>无法读取其模型文件：{reason}</translation>
    </message>
    <message>
        <source>its manifest names a blob by “{digest}”, not by a sha256 digest</source>
        <translation>其清单文件用“{digest}”指明数据块，而不是 sha256 摘要</translation>
    </message>
    <message>
        <source>its model file {file} is missing</source>
        <translation>其模型文件 {file} 不存在</translation>
    </message>
    <message>
        <source>its model file cannot be used: {reason}</source>
        <translation>其模型文件无法使用：{reason}</translation>
    </message>
    <message>
        <source>{file} is not a GGUF model file</source>
        <translation>{file} 不是 GGUF 模型文件</translation>
    </message>
    <message>
        <source>The draft model was left out: {reason}</source>
        <translation>未使用草稿模型：{reason}</translation>
    </message>
    <message>
        <source>{name} with the draft model {draft} needs about {needed} of memory, but only {available} are free. Turn the draft model off in Settings, or close other programs.</source>
        <translation>{name} 加上草稿模型 {draft} 需要约 {needed} 内存，但只有 {available} 可用。请在“设置”中关闭草稿模型，或关闭其他程序。</translation>
    </message>
    <message>
        <source>{draft} cannot draft for {target}: {reason} A draft model must come from the same family as the model it drafts for (Qwen3 0.6B for Qwen3 4B), so writer-app runs without it.</source>
        <translation>{draft} 无法为 {target} 起草：{reason}草稿模型必须与它所辅助的模型属于同一系列（例如用 Qwen3 0.6B 辅助 Qwen3 4B），因此 writer-app 将不使用它运行。</translation>
    </message>
    <message>
        <source>their tokenizers are of different kinds.</source>
        <translation>两者的分词器类型不同。</translation>
    </message>
    <message>
        <source>they begin or end a text with different tokens.</source>
        <translation>两者用不同的词元开始或结束文本。</translation>
    </message>
    <message>
        <source>their vocabularies have {target:,} and {draft:,} tokens.</source>
        <translation>两者的词表分别有 {target:,} 和 {draft:,} 个词元。</translation>
    </message>
    <message>
        <source>their vocabularies differ (token {token} is &apos;{target}&apos; in one and &apos;{draft}&apos; in the other).</source>
        <translation>两者的词表不同（第 {token} 个词元一个是“{target}”，另一个是“{draft}”）。</translation>
    </message>
    <message>
        <source>The catalog has no draft model for this model: a draft model must share its vocabulary, as Qwen3 0.6B does Qwen3 4B&apos;s and 8B&apos;s.</source>
        <translation>模型目录中没有适合这个模型的草稿模型：草稿模型必须与它使用相同的词表，例如 Qwen3 0.6B 与 Qwen3 4B、8B 的词表相同。</translation>
    </message>
    <message>
        <source>{draft} and {model} together need about {needed} of memory, more than this computer has free.</source>
        <translation>{draft} 和 {model} 一起需要约 {needed} 内存，超过了这台电脑的可用内存。</translation>
    </message>
</context>
</TS>
