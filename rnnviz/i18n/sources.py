"""Strings of rnnviz.sources: how a state_dict was read, and every refusal. EN and ZH hold the same keys."""

_RAISE = "Locally, raise it with the environment variable {env} (e.g. {env}={needed} streamlit run app.py)"
_RAISE_ZH = "本地运行时可用环境变量 {env} 提高上限（例如 {env}={needed} streamlit run app.py）"

EN: dict[str, str] = {
    # --- how the configuration was inferred (Inference.facts) ---
    "source.fact.container": "The state_dict was found under the key {key} of the file.",
    "source.fact.prefix": "Recurrent module: the keys under the prefix {prefix} ({n} recurrent module(s) in the file).",
    "source.fact.kind": "Kind {kind}: weight_ih_l0 {shape} has {rows} rows = {gates} × hidden_size "
    "(1 × for RNN, 3 × for GRU, 4 × for LSTM).",
    "source.fact.hidden": "hidden_size {hidden}: the columns of weight_hh_l0 {shape}.",
    "source.fact.hidden_proj": "hidden_size {hidden}: the columns of weight_hr_l0 {shape}.",
    "source.fact.input": "input_size {input}: the columns of weight_ih_l0 {shape}.",
    "source.fact.layers": "num_layers {n}: keys for layers l0 to l{last}.",
    "source.fact.bidirectional": "bidirectional True: the file has _reverse keys ({key}).",
    "source.fact.unidirectional": "bidirectional False: no _reverse keys.",
    "source.fact.bias": "bias True: bias_ih_l0 and bias_hh_l0 {shape} are there.",
    "source.fact.no_bias": "bias False: no bias_ih_l* or bias_hh_l* keys.",
    "source.fact.proj": "proj_size {proj}: weight_hr_l0 {shape} is there (an LSTM with projections).",
    "source.fact.no_proj": "proj_size 0: no weight_hr_l* keys.",
    # --- what the weights cannot tell (Inference.asked) ---
    "source.asked.nonlinearity.default": "nonlinearity {value}: the weights cannot tell tanh from relu; "
    "the default {default} is used — set it if your module used another.",
    "source.asked.nonlinearity.given": "nonlinearity {value}: as you set it "
    "(the weights cannot tell; default {default}).",
    "source.asked.nonlinearity.checkpoint": "nonlinearity {value}: from the checkpoint's config "
    "(the weights cannot tell; default {default}).",
    "source.asked.batch_first.default": "batch_first {value}: a layout of the input, not stored in the weights; "
    "the default {default} is used.",
    "source.asked.batch_first.given": "batch_first {value}: as you set it "
    "(not stored in the weights; default {default}).",
    "source.asked.batch_first.checkpoint": "batch_first {value}: from the checkpoint's config "
    "(not stored in the weights; default {default}).",
    "source.asked.dropout.default": "dropout {value}: not stored in the weights (it only acts in train mode); "
    "the default {default} is used.",
    "source.asked.dropout.given": "dropout {value}: as you set it (not stored in the weights; default {default}).",
    "source.asked.dropout.checkpoint": "dropout {value}: from the checkpoint's config "
    "(not stored in the weights; default {default}).",
    # --- notes ---
    "source.note.widened": "The weights were {from}; converted to {to} exactly (every value is representable).",
    "source.note.narrowed": "The weights were {from}; converted to {to}, so values are rounded to {to} precision. "
    "In a notebook, load_state_dict(..., dtype=torch.float64) keeps them.",
    "source.note.nonfinite": "{key} holds {nan} NaN and {inf} infinite value(s): every state computed from them "
    "will be NaN or infinite too.",
    "source.note.ignored": "{n} key(s) of the file are not part of the recurrent module and were left out: {keys}.",
    "source.note.nonlinearity": "nonlinearity {value} does not apply to nn.{kind} (its gates use sigmoid and tanh); "
    "ignored.",
    "source.note.dropout_one_layer": "dropout {dropout} with one layer does nothing: torch applies dropout "
    "between layers only.",
    "source.note.char": "An embedding and a decoder around the module: {encoder} {enc_shape} embeds {vocab} tokens, "
    "{decoder} {dec_shape} decodes the output back to them. No vocab in the file: give one (its tokens in row "
    "order) to type text.",
    "source.note.token_vocab": "A token model: {encoder} {enc_shape} embeds {vocab} tokens, {decoder} {dec_shape} "
    "decodes the output back to them; the vocab holds words or longer tokens, not single characters.",
    "source.note.char_vocab": "A char model: {encoder} {enc_shape} embeds {vocab} tokens, {decoder} {dec_shape} "
    "decodes the output back to them; the vocab maps each row to a character.",
    "source.note.head_capped": "The embedding and decoder were left out: {why}",
    "source.note.lengths": "The sequences have different lengths ({lengths}): they are padded with zeros to "
    "seq_len {L} and run with lengths, as pack_padded_sequence does.",
    "source.note.input_nonfinite": "The input holds {n} NaN or infinite value(s): states computed from them "
    "will be NaN or infinite.",
    # --- refusals: files ---
    "source.err.no_file": "There is no file at {path}. Give the path of a .pt, .pth or .safetensors file.",
    "source.err.bad_source": "Cannot read a model or data from a {kind}. Give a file path, the file's bytes, "
    "an uploaded file or a state_dict.",
    "source.err.not_bytes": "Reading the file gave a {kind}, not bytes. Open the file in binary mode ('rb').",
    "source.err.too_big": "{name} is {mb} MB, above this server's cap of {cap} MB. Use a smaller file; locally, "
    "raise the cap with RNNVIZ_MAX_UPLOAD_MB and streamlit's --server.maxUploadSize.",
    "source.err.empty_file": "{name} is empty. Save the weights with torch.save(model.state_dict(), path).",
    "source.err.unknown_format": "{name} is neither a PyTorch file (.pt, .pth) nor a .safetensors file. "
    "Save the weights with torch.save(model.state_dict(), path).",
    "source.err.zip_not_torch": "{name} is a zip archive but not one written by torch.save (it has no data.pkl). "
    "Upload the .pt file itself.",
    "source.err.bad_safetensors": "{name} looks like a .safetensors file but cannot be read: {why}. "
    "Save it again with safetensors.torch.save_file.",
    "source.err.refused_global": "{name} was refused: it holds a Python object ({what}), not only tensors, "
    "and loading it could run code. Nothing in it was run. Save model.state_dict() instead of the object.",
    "source.err.refused": "{name} was refused: it holds something other than tensors and plain containers, "
    "and loading it could run code. Nothing in it was run. Save model.state_dict() with torch.save.",
    "source.err.damaged": "{name} cannot be read as a PyTorch file ({why}): it may be damaged or cut short. "
    "Save it again with torch.save(model.state_dict(), path).",
    "source.err.not_a_dict": "{name} holds a {kind}, not a state_dict. Save a dict of tensors: "
    "torch.save(model.state_dict(), path).",
    "source.err.no_state_dict": "{name} holds a dict without tensors (keys: {keys}). Expected a state_dict, "
    'or a dict holding one under "state_dict" or "model".',
    "source.err.not_tensors": "The file holds a {kind}, not a dict of tensors. Save e.g. "
    'torch.save({{"x": x, "h0": h0}}, path).',
    # --- refusals: state_dict contents ---
    "source.err.no_layer": "No recurrent layer among the {n} keys ({found}). An nn.RNN, nn.GRU or nn.LSTM "
    "state_dict has weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (and _l1, ..., _reverse), "
    "possibly under a prefix such as rnn.",
    "source.err.no_layer_cell": "No recurrent layer among the {n} keys ({found}): keys named weight_ih and "
    "weight_hh belong to a cell (nn.RNNCell, nn.GRUCell, nn.LSTMCell). rnnviz reads nn.RNN, nn.GRU or nn.LSTM "
    "modules, whose keys are weight_ih_l0, weight_hh_l0, ...",
    "source.err.several": "The file holds several recurrent modules, under the prefixes {found}. Pick one "
    "(in a notebook: load_state_dict(..., prefix=...)).",
    "source.err.no_prefix": "No recurrent module under the prefix {prefix}. The file has them under {found}.",
    "source.err.not_tensor": "{key} is a {kind}, not a tensor. A state_dict maps each parameter name to a tensor.",
    "source.err.not_matrix": "{key} has shape {shape}; a weight matrix has two dimensions, each at least 1.",
    "source.err.missing_hh": "{key} is missing: {ih} is there, but every recurrent layer has both weights.",
    "source.err.rows": "weight_ih_l0 {shape} has {rows} rows, and weight_hh_l0 {hh} says hidden_size {hidden}: "
    "the rows must be 1, 3 or 4 × hidden_size (RNN, GRU, LSTM). The two weights do not belong to one module.",
    "source.err.proj_not_lstm": "weight_hr_l0 says hidden_size {hidden}, so {key} {shape} should have "
    "4 × {hidden} rows: projections (weight_hr) exist only in an LSTM.",
    "source.err.proj_size": "proj_size {proj} must be smaller than hidden_size {hidden} (torch refuses it otherwise).",
    "source.err.missing": "Missing {keys}: {config} has these parameters: {expected}.",
    "source.err.unexpected": "Unexpected {keys}: {config} has no such parameters (a missing layer, "
    "or keys of two different modules).",
    "source.err.shape": "{key} has shape {found}, but the other weights make this {config}, so it must be "
    "{expected} ({why}). Every layer of one module has the same hidden_size.",
    "source.err.dtype": "{key} is {dtype}: weights must be floating point (float16, bfloat16, float32 or float64) "
    "dense tensors.",
    "source.err.option": "{name} = {value} is not valid: use {allowed}.",
    "source.err.cap": "{what} is {value}, above this server's cap of {cap}. " + _RAISE + "; in a notebook, "
    "pass limits=rnnviz.Limits({field}=...).",
    # --- refusals: vocab ---
    "source.err.vocab_type": "A vocab of type {kind} cannot be used: give a string of characters, a list of "
    "tokens, or a dict token -> index (or index -> token).",
    "source.err.vocab_duplicate": "The vocab lists {token} twice: each token must appear once.",
    "source.err.vocab_size": "The vocab has {n} entries but {key} has {rows} rows: give the vocab the model "
    "was trained with.",
    "source.err.vocab_indices": "The vocab's {n} indices must be 0, 1, ..., n-1, each once.",
    "source.err.vocab_not_chars": "The vocab holds {token}, which is not a single character: this model reads "
    "words or tokens, not characters, so typed text cannot be encoded character by character.",
    # --- refusals: numbers, CSV, text ---
    "source.err.no_numbers": "No numbers found. Paste one time step per line, features separated by commas or "
    "spaces, and a blank line between sequences.",
    "source.err.ragged": "Line {line} has {n} value(s), but line {first} has {width}: every time step needs "
    "the same number of features.",
    "source.err.empty_value": "Line {line}, column {column} is empty: write a number there.",
    "source.err.not_number": "Line {line}, column {column}: {value} is not a number.",
    "source.err.csv": "Line {line} is not valid CSV ({why}). Check its quotes and separators.",
    "source.err.id_column": "No sequence-id column {column}: the columns are {found}.",
    "source.err.features_add": "Your numbers are {shape} with {n} feature(s) per time step, but this model's "
    "input_size is {input_size} (it expects {expected}): add {diff} value(s) to every line.",
    "source.err.features_remove": "Your numbers are {shape} with {n} feature(s) per time step, but this model's "
    "input_size is {input_size} (it expects {expected}): remove {diff} value(s) from every line.",
    "source.err.state_shape": "{name} is {shape}, but this model and input need {expected} "
    "([num_layers × directions, batch, units]).",
    "source.err.state_type": "{name} must be a floating-point tensor, not a {kind}.",
    "source.err.c0_not_lstm": "c0 is only for an LSTM; this model is nn.{kind}. Leave c0 out.",
    "source.err.h0_c0_pair": "An LSTM needs both h0 and c0; only {given} was given. Give both, or neither (zeros).",
    "source.err.no_input": "The file has no tensor named x or input (found: {found}).",
    "source.err.input_shape": "{key} is {shape} ({dtype}): an input is a floating-point tensor "
    "[seq_len, batch, input_size] (or [seq_len, input_size]).",
    "source.err.lengths": "lengths {shape} must hold one whole number per sequence ({n}), each from 1 to {L}.",
    "source.err.empty_text": "The text is empty. Type or paste some text.",
    "source.err.binary": "This is not text: it holds control bytes (the first at position {where}). "
    "Paste plain text or upload a UTF-8 text file.",
    "source.err.not_utf8": "This is not UTF-8 text: byte {byte} at position {where} cannot be decoded. "
    "Save the file as UTF-8.",
    "source.err.unknown_chars": "{n} character(s) are not in the model's vocab: {chars} (line:column). "
    "Remove or replace them, or choose to leave them out.",
}

ZH: dict[str, str] = {
    # --- 配置是如何推断出来的 ---
    "source.fact.container": "state_dict 位于文件的键 {key} 之下。",
    "source.fact.prefix": "循环模块：前缀 {prefix} 下的键（文件中共有 {n} 个循环模块）。",
    "source.fact.kind": "类型 {kind}：weight_ih_l0 {shape} 有 {rows} 行 = {gates} × hidden_size"
    "（RNN 为 1 ×，GRU 为 3 ×，LSTM 为 4 ×）。",
    "source.fact.hidden": "hidden_size {hidden}：weight_hh_l0 {shape} 的列数。",
    "source.fact.hidden_proj": "hidden_size {hidden}：weight_hr_l0 {shape} 的列数。",
    "source.fact.input": "input_size {input}：weight_ih_l0 {shape} 的列数。",
    "source.fact.layers": "num_layers {n}：有第 l0 到 l{last} 层的键。",
    "source.fact.bidirectional": "bidirectional True：文件中有 _reverse 键（{key}）。",
    "source.fact.unidirectional": "bidirectional False：没有 _reverse 键。",
    "source.fact.bias": "bias True：有 bias_ih_l0 和 bias_hh_l0 {shape}。",
    "source.fact.no_bias": "bias False：没有 bias_ih_l* 或 bias_hh_l* 键。",
    "source.fact.proj": "proj_size {proj}：有 weight_hr_l0 {shape}（带投影的 LSTM）。",
    "source.fact.no_proj": "proj_size 0：没有 weight_hr_l* 键。",
    # --- 权重无法说明的选项 ---
    "source.asked.nonlinearity.default": "nonlinearity {value}：权重无法区分 tanh 与 relu；"
    "使用默认值 {default}——如果你的模块用了另一个，请设置它。",
    "source.asked.nonlinearity.given": "nonlinearity {value}：按你的设置（权重无法说明；默认 {default}）。",
    "source.asked.nonlinearity.checkpoint": "nonlinearity {value}：来自检查点的 config"
    "（权重无法说明；默认 {default}）。",
    "source.asked.batch_first.default": "batch_first {value}：这是输入的排布方式，不存于权重中；使用默认值 {default}。",
    "source.asked.batch_first.given": "batch_first {value}：按你的设置（不存于权重中；默认 {default}）。",
    "source.asked.batch_first.checkpoint": "batch_first {value}：来自检查点的 config（不存于权重中；默认 {default}）。",
    "source.asked.dropout.default": "dropout {value}：不存于权重中（只在训练模式下起作用）；使用默认值 {default}。",
    "source.asked.dropout.given": "dropout {value}：按你的设置（不存于权重中；默认 {default}）。",
    "source.asked.dropout.checkpoint": "dropout {value}：来自检查点的 config（不存于权重中；默认 {default}）。",
    # --- 说明 ---
    "source.note.widened": "权重原为 {from}；已精确转换为 {to}（每个值都能表示）。",
    "source.note.narrowed": "权重原为 {from}；已转换为 {to}，数值按 {to} 精度舍入。"
    "在 notebook 中用 load_state_dict(..., dtype=torch.float64) 可保留原精度。",
    "source.note.nonfinite": "{key} 含 {nan} 个 NaN 和 {inf} 个无穷值：由它们算出的每个状态也会是 NaN 或无穷。",
    "source.note.ignored": "文件中有 {n} 个键不属于循环模块，已略去：{keys}。",
    "source.note.nonlinearity": "nonlinearity {value} 不适用于 nn.{kind}（其门使用 sigmoid 和 tanh）；已忽略。",
    "source.note.dropout_one_layer": "只有一层时 dropout {dropout} 不起作用：torch 只在层与层之间施加 dropout。",
    "source.note.char": "模块前后有嵌入层和解码层：{encoder} {enc_shape} 嵌入 {vocab} 个词元，{decoder} {dec_shape} "
    "把输出解码回词元。文件中没有词表：提供一个词表（词元按行的顺序）才能输入文本。",
    "source.note.token_vocab": "词元模型：{encoder} {enc_shape} 嵌入 {vocab} 个词元，{decoder} {dec_shape} "
    "把输出解码回词元；词表中是词或更长的词元，而不是单个字符。",
    "source.note.char_vocab": "字符模型：{encoder} {enc_shape} 嵌入 {vocab} 个词元，{decoder} {dec_shape} "
    "把输出解码回词元；词表把每一行对应到一个字符。",
    "source.note.head_capped": "嵌入层和解码层已略去：{why}",
    "source.note.lengths": "各序列长度不同（{lengths}）：用零填充到 seq_len {L}，并像 pack_padded_sequence "
    "那样按 lengths 运行。",
    "source.note.input_nonfinite": "输入含 {n} 个 NaN 或无穷值：由它们算出的状态会是 NaN 或无穷。",
    # --- 拒绝：文件 ---
    "source.err.no_file": "{path} 处没有文件。请给出 .pt、.pth 或 .safetensors 文件的路径。",
    "source.err.bad_source": "无法从 {kind} 读取模型或数据。请给出文件路径、文件的字节、上传的文件或 state_dict。",
    "source.err.not_bytes": "读取文件得到的是 {kind}，不是字节。请以二进制模式（'rb'）打开文件。",
    "source.err.too_big": "{name} 有 {mb} MB，超过本服务器 {cap} MB 的上限。请使用更小的文件；本地运行时可用 "
    "RNNVIZ_MAX_UPLOAD_MB 和 streamlit 的 --server.maxUploadSize 提高上限。",
    "source.err.empty_file": "{name} 是空文件。请用 torch.save(model.state_dict(), path) 保存权重。",
    "source.err.unknown_format": "{name} 既不是 PyTorch 文件（.pt、.pth），也不是 .safetensors 文件。"
    "请用 torch.save(model.state_dict(), path) 保存权重。",
    "source.err.zip_not_torch": "{name} 是 zip 压缩包，但不是 torch.save 写出的（其中没有 data.pkl）。"
    "请直接上传 .pt 文件。",
    "source.err.bad_safetensors": "{name} 看起来是 .safetensors 文件，但无法读取：{why}。"
    "请用 safetensors.torch.save_file 重新保存。",
    "source.err.refused_global": "已拒绝 {name}：它含有 Python 对象（{what}），而不只是张量，加载它可能执行代码。"
    "其中的任何内容都没有被执行。请保存 model.state_dict() 而不是对象本身。",
    "source.err.refused": "已拒绝 {name}：它含有张量和普通容器以外的东西，加载它可能执行代码。"
    "其中的任何内容都没有被执行。请用 torch.save 保存 model.state_dict()。",
    "source.err.damaged": "无法把 {name} 读作 PyTorch 文件（{why}）：文件可能已损坏或不完整。"
    "请用 torch.save(model.state_dict(), path) 重新保存。",
    "source.err.not_a_dict": "{name} 里是 {kind}，不是 state_dict。"
    "请保存张量字典：torch.save(model.state_dict(), path)。",
    "source.err.no_state_dict": '{name} 里是一个不含张量的字典（键：{keys}）。需要 state_dict，或在 "state_dict" 或 '
    '"model" 键下含有 state_dict 的字典。',
    "source.err.not_tensors": '文件里是 {kind}，不是张量字典。例如请保存 torch.save({{"x": x, "h0": h0}}, path)。',
    # --- 拒绝：state_dict 的内容 ---
    "source.err.no_layer": "这 {n} 个键中没有循环层（{found}）。nn.RNN、nn.GRU 或 nn.LSTM 的 state_dict 含有 "
    "weight_ih_l0、weight_hh_l0、bias_ih_l0、bias_hh_l0（以及 _l1、……、_reverse），可能带有 rnn. 之类的前缀。",
    "source.err.no_layer_cell": "这 {n} 个键中没有循环层（{found}）：名为 weight_ih 和 weight_hh 的键属于单元"
    "（nn.RNNCell、nn.GRUCell、nn.LSTMCell）。rnnviz 读取 nn.RNN、nn.GRU 或 nn.LSTM 模块，其键为 "
    "weight_ih_l0、weight_hh_l0、……",
    "source.err.several": "文件中有多个循环模块，前缀分别为 {found}。请选择一个（在 notebook 中："
    "load_state_dict(..., prefix=...)）。",
    "source.err.no_prefix": "前缀 {prefix} 下没有循环模块。文件中的循环模块位于 {found}。",
    "source.err.not_tensor": "{key} 是 {kind}，不是张量。state_dict 把每个参数名映射到一个张量。",
    "source.err.not_matrix": "{key} 的形状是 {shape}；权重矩阵有两个维度，每个至少为 1。",
    "source.err.missing_hh": "缺少 {key}：有 {ih}，但每个循环层都同时有这两个权重。",
    "source.err.rows": "weight_ih_l0 {shape} 有 {rows} 行，而 weight_hh_l0 {hh} 表明 hidden_size 为 {hidden}："
    "行数必须是 hidden_size 的 1、3 或 4 倍（RNN、GRU、LSTM）。这两个权重不属于同一个模块。",
    "source.err.proj_not_lstm": "weight_hr_l0 表明 hidden_size 为 {hidden}，所以 {key} {shape} 应有 4 × {hidden} 行："
    "投影（weight_hr）只存在于 LSTM 中。",
    "source.err.proj_size": "proj_size {proj} 必须小于 hidden_size {hidden}（否则 torch 会拒绝）。",
    "source.err.missing": "缺少 {keys}：{config} 有这些参数：{expected}。",
    "source.err.unexpected": "多出了 {keys}：{config} 没有这些参数（缺了一层，或混入了另一个模块的键）。",
    "source.err.shape": "{key} 的形状是 {found}，但其他权重表明这是 {config}，所以它必须是 {expected}（{why}）。"
    "同一模块的每一层 hidden_size 都相同。",
    "source.err.dtype": "{key} 是 {dtype}：权重必须是浮点（float16、bfloat16、float32 或 float64）稠密张量。",
    "source.err.option": "{name} = {value} 无效：请使用 {allowed}。",
    "source.err.cap": "{what} 为 {value}，超过本服务器的上限 {cap}。" + _RAISE_ZH + "；在 notebook 中可传入 "
    "limits=rnnviz.Limits({field}=...)。",
    # --- 拒绝：词表 ---
    "source.err.vocab_type": "无法使用类型为 {kind} 的词表：请给出字符组成的字符串、词元列表，或 词元 -> 索引"
    "（或 索引 -> 词元）的字典。",
    "source.err.vocab_duplicate": "词表中 {token} 出现了两次：每个词元只能出现一次。",
    "source.err.vocab_size": "词表有 {n} 项，但 {key} 有 {rows} 行：请提供训练该模型时用的词表。",
    "source.err.vocab_indices": "词表的 {n} 个索引必须是 0、1、……、n-1，且各出现一次。",
    "source.err.vocab_not_chars": "词表含有 {token}，它不是单个字符：这个模型读取的是词或词元，不是字符，"
    "所以输入的文本无法逐字符编码。",
    # --- 拒绝：数字、CSV、文本 ---
    "source.err.no_numbers": "没有找到数字。每行粘贴一个时间步，特征之间用逗号或空格分隔，序列之间空一行。",
    "source.err.ragged": "第 {line} 行有 {n} 个值，但第 {first} 行有 {width} 个：每个时间步的特征数必须相同。",
    "source.err.empty_value": "第 {line} 行第 {column} 列为空：请在那里写一个数字。",
    "source.err.not_number": "第 {line} 行第 {column} 列：{value} 不是数字。",
    "source.err.csv": "第 {line} 行不是有效的 CSV（{why}）。请检查其中的引号和分隔符。",
    "source.err.id_column": "没有序列编号列 {column}：现有的列是 {found}。",
    "source.err.features_add": "你的数字形状为 {shape}，每个时间步 {n} 个特征，但此模型的 input_size 是 "
    "{input_size}（它需要 {expected}）：请在每行添加 {diff} 个值。",
    "source.err.features_remove": "你的数字形状为 {shape}，每个时间步 {n} 个特征，但此模型的 input_size 是 "
    "{input_size}（它需要 {expected}）：请从每行删去 {diff} 个值。",
    "source.err.state_shape": "{name} 的形状是 {shape}，但此模型和输入需要 {expected}"
    "（[num_layers × 方向数, batch, 单元数]）。",
    "source.err.state_type": "{name} 必须是浮点张量，而不是 {kind}。",
    "source.err.c0_not_lstm": "c0 只用于 LSTM；此模型是 nn.{kind}。请不要提供 c0。",
    "source.err.h0_c0_pair": "LSTM 需要同时提供 h0 和 c0；只给了 {given}。请两个都给，或都不给（全零）。",
    "source.err.no_input": "文件中没有名为 x 或 input 的张量（找到：{found}）。",
    "source.err.input_shape": "{key} 为 {shape}（{dtype}）：输入是形状为 [seq_len, batch, input_size]"
    "（或 [seq_len, input_size]）的浮点张量。",
    "source.err.lengths": "lengths {shape} 必须为每个序列（共 {n} 个）给出一个整数，取值 1 到 {L}。",
    "source.err.empty_text": "文本为空。请输入或粘贴一些文本。",
    "source.err.binary": "这不是文本：其中含有控制字节（第一个位于位置 {where}）。请粘贴纯文本或上传 UTF-8 文本文件。",
    "source.err.not_utf8": "这不是 UTF-8 文本：位置 {where} 处的字节 {byte} 无法解码。请把文件另存为 UTF-8。",
    "source.err.unknown_chars": "有 {n} 个字符不在模型的词表中：{chars}（行:列）。请删除或替换它们，或选择略去它们。",
}
