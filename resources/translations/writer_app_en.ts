<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AdaptersController</name>
    <message numerus="yes">
        <source>{model} + %n adapters</source>
        <translation>
            <numerusform>{model} + %n adapter</numerusform>
            <numerusform>{model} + %n adapters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message numerus="yes">
        <source>The outline has %n section(s). Edit it, then write the draft.</source>
        <translation>
            <numerusform>The outline has %n section. Edit it, then write the draft.</numerusform>
            <numerusform>The outline has %n sections. Edit it, then write the draft.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The outline has %n section(s); you asked for {asked}. Edit it or write it again.</source>
        <translation>
            <numerusform>The outline has %n section; you asked for {asked}. Edit it or write it again.</numerusform>
            <numerusform>The outline has %n sections; you asked for {asked}. Edit it or write it again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message numerus="yes">
        <source>{heading} · %n drafts</source>
        <translation>
            <numerusform>{heading} · %n draft</numerusform>
            <numerusform>{heading} · %n drafts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message numerus="yes">
        <source>%n repositories with GGUF files.</source>
        <translation>
            <numerusform>%n repository with GGUF files.</numerusform>
            <numerusform>%n repositories with GGUF files.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n parts</source>
        <translation>
            <numerusform> · %n part</numerusform>
            <numerusform> · %n parts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message numerus="yes">
        <source>Notes: about %n token(s), {share:.0%} of the context.</source>
        <translation>
            <numerusform>Notes: about %n token, {share:.0%} of the context.</numerusform>
            <numerusform>Notes: about %n tokens, {share:.0%} of the context.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Notes: about %n token(s).</source>
        <translation>
            <numerusform>Notes: about %n token.</numerusform>
            <numerusform>Notes: about %n tokens.</numerusform>
        </translation>
    </message>
</context>
</TS>
