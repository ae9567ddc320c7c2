"""UI strings of the model source (settings, an uploaded state_dict, a lab model) and of the own input in the
sidebar: EN and ZH hold the same keys and placeholders."""

EN: dict[str, str] = {
    # --- the model source ---
    "src.sb.source": "Model source",
    "src.sb.source.settings": "Settings",
    "src.sb.source.upload": "Upload",
    "src.sb.source.lab": "Lab",
    "src.sb.source_help": "Settings: a module built from the options below under a seed. Upload: your own "
    "state_dict (.pt, .pth, .safetensors). Lab: a model trained in this session on the Language-model lab page.",
    "src.sb.file": "Your state_dict (.pt, .pth or .safetensors)",
    "src.sb.file_help": "A state_dict, a dict holding one (e.g. {{'state_dict': ...}}, a lab checkpoint) or a "
    "whole model's state_dict. Read with torch.load(weights_only=True) or safetensors: nothing in it runs. At "
    "most {mb} MB. The file stays in this session's memory; it is never written to disk nor shared.",
    # --- a kept upload (rnnviz/ui/uploads.py) ---
    "kept.in_use": "In use: your file {name} ({size})",
    "kept.remove": "Remove",
    "kept.remove_help": "Stop using this file; then you can upload another one. The file stays in use across "
    "pages and languages until you remove it (kept in this session's memory only).",
    "kept.too_big": "This file is larger than {mb} MB: it was not used.",
    "src.sb.no_file": "Upload a file to see your own model. Until then the page shows the settings' model.",
    "src.sb.refused": "This file was not used: {reason}",
    "src.sb.prefix": "Recurrent module (prefix)",
    "src.sb.prefix_help": "The file holds several recurrent modules: pick the one to show.",
    "src.sb.nonlinearity": "nonlinearity (not in the weights)",
    "src.sb.nonlinearity_help": "The weights cannot tell tanh from relu. PyTorch's default: tanh. Set what your "
    "module was built with.",
    "src.sb.batch_first": "batch_first (not in the weights)",
    "src.sb.batch_first_help": "The input's layout is not stored in the weights. PyTorch's default: False "
    "(input [seq_len, batch, input_size]).",
    "src.sb.dropout": "dropout (not in the weights)",
    "src.sb.dropout_help": "Dropout between stacked layers is not stored in the weights. PyTorch's default: 0.0. "
    "It acts only in train mode.",
    "src.sb.how": "How it was inferred",
    "src.sb.no_lab": "No trained model in this session yet: train one on the Language-model lab page (and let "
    "it finish or stop it). Until then the page shows the settings' model.",
    "src.sb.lab": "Lab model",
    "src.sb.lab_model": "{cell} ({steps} steps)",
    "src.label.lab": "lab {cell}, {steps} steps",
    "src.notice.bad_source": "The link's source {raw} is not one of {allowed}: the settings' model is shown.",
    "src.notice.no_file": "Model source: upload a file in the sidebar. Until then this page shows the "
    "settings' model.",
    "src.notice.no_lab": "Model source: no lab model in this session yet (train one on the Language-model lab "
    "page). Until then this page shows the settings' model.",
    "src.notice.refused": "The file {name} was refused, so this page shows the settings' model: {reason}",
    "src.notice.invalid": "This model and input do not go together, so this page shows the settings' model: "
    "{reason}",
    "src.notice.cells": "the run would hold {cells} values, over the cap of {cap} (RNNVIZ_MAX_CELLS); use a "
    "shorter input or a smaller batch",
    "src.origin.upload": "Weights: your file {name} (sha256 {id}…)",
    "src.origin.lab": "Weights: this session's {name}",
    "src.origin.input": "input: yours",
    "src.cmp.seeded": "This side is a module built from the seed with these options, not your model: pick your "
    "model's cell (and sizes) here to see it.",
    # --- the own input ---
    "own.sb.input": "Input x",
    "own.sb.input_help": "Seeded: the input kind, seq_len and batch below. Or your own numbers (pasted, a CSV, "
    "a tensor file) or, for a char model, a text.",
    "own.sb.mode.seeded": "Seeded (settings)",
    "own.sb.mode.numbers": "Paste numbers",
    "own.sb.mode.csv": "CSV file",
    "own.sb.mode.file": "Tensor file (x, h0, c0)",
    "own.sb.mode.text": "Text (char model)",
    "own.sb.numbers": "Your numbers",
    "own.sb.numbers_help": "One time step per line, the features separated by commas or spaces; a blank line "
    "starts the next sequence. Sequences of different lengths are padded with zeros and given as lengths.",
    "own.sb.paste": "Paste numbers above. Until then the input is the seeded one.",
    "own.sb.csv": "A CSV file",
    "own.sb.csv_help": "A row per time step, a column per feature, an optional sequence-id column (named "
    "sequence, seq or id).",
    "own.sb.csv_none": "Upload a CSV. Until then the input is the seeded one.",
    "own.sb.file": "A tensor file",
    "own.sb.file_help": "A .pt/.pth (a dict of tensors) or .safetensors file with x (or input) [seq_len, batch, "
    "features], and optionally lengths [batch], h0 and c0 [num_layers*num_directions, batch, hidden].",
    "own.sb.file_none": "Upload a tensor file. Until then the input is the seeded one.",
    "own.sb.text": "Text (one time step per character)",
    "own.sb.text_help": "Encoded with the model's vocab; the embedding of each character is x_t. Characters the "
    "vocab does not have are reported, not dropped.",
    "own.sb.type": "Type a text. Until then the input is the seeded one.",
    "own.sb.tokens": "{n} characters, one time step each: {text}",
    "own.sb.shapes": "Your input: {got} [seq_len, batch, features] · the model takes {want}",
    "own.sb.h0_file": "h0: from your file.",
    "own.sb.h0_file_c0": "h0 and c0: from your file.",
    "own.notice.refused": "Your input was not used, so this page shows the seeded input: {reason}",
    "own.code.x": "your numbers, {layout}",
    "own.code.tokens": "your text {text}: one vocab index per character",
    "own.code.embedded": "the embedding of each character is the rnn's input",
}

ZH: dict[str, str] = {
    "src.sb.source": "模型来源",
    "src.sb.source.settings": "设置",
    "src.sb.source.upload": "上传",
    "src.sb.source.lab": "实验室",
    "src.sb.source_help": "设置：由下面的选项在固定随机种子下构建的模块。上传：你自己的 state_dict（.pt、.pth、"
    ".safetensors）。实验室：本会话在“语言模型实验室”页面训练的模型。",
    "src.sb.file": "你的 state_dict（.pt、.pth 或 .safetensors）",
    "src.sb.file_help": "一个 state_dict、包含它的字典（如 {{'state_dict': ...}}、实验室检查点）或整个模型的 "
    "state_dict。只用 torch.load(weights_only=True) 或 safetensors 读取：文件中的任何代码都不会运行。最大 {mb} MB。"
    "文件只保存在本会话的内存中，不写入磁盘，也不与他人共享。",
    # --- a kept upload (rnnviz/ui/uploads.py) ---
    "kept.in_use": "正在使用：你的文件 {name}（{size}）",
    "kept.remove": "移除",
    "kept.remove_help": "不再使用此文件，然后可以上传另一个。在你移除之前，切换页面或语言时它一直在使用"
    "（只保存在本会话的内存中）。",
    "kept.too_big": "此文件大于 {mb} MB：未使用。",
    "src.sb.no_file": "上传一个文件即可查看你自己的模型。在此之前，页面显示按设置构建的模型。",
    "src.sb.refused": "未使用此文件：{reason}",
    "src.sb.prefix": "循环模块（前缀）",
    "src.sb.prefix_help": "文件中有多个循环模块：请选择要显示的一个。",
    "src.sb.nonlinearity": "nonlinearity（权重中没有）",
    "src.sb.nonlinearity_help": "权重无法区分 tanh 与 relu。PyTorch 默认：tanh。请设置为你的模块所用的值。",
    "src.sb.batch_first": "batch_first（权重中没有）",
    "src.sb.batch_first_help": "输入的布局不保存在权重中。PyTorch 默认：False（输入 [seq_len, batch, input_size]）。",
    "src.sb.dropout": "dropout（权重中没有）",
    "src.sb.dropout_help": "堆叠层之间的 dropout 不保存在权重中。PyTorch 默认：0.0。只在训练模式下起作用。",
    "src.sb.how": "配置是如何推断出来的",
    "src.sb.no_lab": "本会话还没有训练好的模型：请在“语言模型实验室”页面训练一个（等它完成或停止）。在此之前，"
    "页面显示按设置构建的模型。",
    "src.sb.lab": "实验室模型",
    "src.sb.lab_model": "{cell}（{steps} 步）",
    "src.label.lab": "实验室 {cell}，{steps} 步",
    "src.notice.bad_source": "链接中的来源 {raw} 不是 {allowed} 之一：显示按设置构建的模型。",
    "src.notice.no_file": "模型来源：请在侧边栏上传文件。在此之前，本页显示按设置构建的模型。",
    "src.notice.no_lab": "模型来源：本会话还没有实验室模型（请在“语言模型实验室”页面训练一个）。在此之前，"
    "本页显示按设置构建的模型。",
    "src.notice.refused": "文件 {name} 被拒绝，因此本页显示按设置构建的模型：{reason}",
    "src.notice.invalid": "这个模型与输入不匹配，因此本页显示按设置构建的模型：{reason}",
    "src.notice.cells": "这次运行将包含 {cells} 个数值，超过上限 {cap}（RNNVIZ_MAX_CELLS）；"
    "请使用更短的输入或更小的 batch",
    "src.origin.upload": "权重：你的文件 {name}（sha256 {id}…）",
    "src.origin.lab": "权重：本会话的{name}",
    "src.origin.input": "输入：你自己的",
    "src.cmp.seeded": "这一侧是按这些选项由随机种子构建的模块，不是你的模型：在这里选择你的模型的单元类型（和大小）"
    "即可看到它。",
    "own.sb.input": "输入 x",
    "own.sb.input_help": "随机生成：使用下面的输入类型、seq_len 和 batch。也可以用你自己的数（粘贴、CSV、张量文件），"
    "对字符模型还可以用一段文本。",
    "own.sb.mode.seeded": "随机生成（设置）",
    "own.sb.mode.numbers": "粘贴数字",
    "own.sb.mode.csv": "CSV 文件",
    "own.sb.mode.file": "张量文件（x、h0、c0）",
    "own.sb.mode.text": "文本（字符模型）",
    "own.sb.numbers": "你的数字",
    "own.sb.numbers_help": "每行一个时间步，特征之间用逗号或空格分隔；空行开始下一个序列。长度不同的序列用零填充，"
    "并作为 lengths 给出。",
    "own.sb.paste": "请在上方粘贴数字。在此之前，输入为随机生成的输入。",
    "own.sb.csv": "CSV 文件",
    "own.sb.csv_help": "每行一个时间步，每列一个特征，可选一列序列编号（列名 sequence、seq 或 id）。",
    "own.sb.csv_none": "请上传 CSV。在此之前，输入为随机生成的输入。",
    "own.sb.file": "张量文件",
    "own.sb.file_help": "一个 .pt/.pth（张量字典）或 .safetensors 文件，包含 x（或 input）[seq_len, batch, features]，"
    "可选 lengths [batch]、h0 和 c0 [num_layers*num_directions, batch, hidden]。",
    "own.sb.file_none": "请上传张量文件。在此之前，输入为随机生成的输入。",
    "own.sb.text": "文本（每个字符一个时间步）",
    "own.sb.text_help": "用模型的词表编码；每个字符的嵌入就是 x_t。词表中没有的字符会被报告，而不是悄悄丢弃。",
    "own.sb.type": "请输入一段文本。在此之前，输入为随机生成的输入。",
    "own.sb.tokens": "{n} 个字符，每个一个时间步：{text}",
    "own.sb.shapes": "你的输入：{got} [seq_len, batch, features] · 模型接受 {want}",
    "own.sb.h0_file": "h0：来自你的文件。",
    "own.sb.h0_file_c0": "h0 和 c0：来自你的文件。",
    "own.notice.refused": "未使用你的输入，因此本页显示随机生成的输入：{reason}",
    "own.code.x": "你的数字，{layout}",
    "own.code.tokens": "你的文本 {text}：每个字符一个词表索引",
    "own.code.embedded": "每个字符的嵌入就是 rnn 的输入",
}
