"""The language-model lab: its page, figures, corpus and checkpoint messages, and the train / sample CLI."""

_FIELDS_EN = {
    "corpus": "Corpus", "cells": "Cells", "sampling": "Minibatches", "hidden_size": "hidden_size",
    "num_layers": "num_layers", "dropout": "dropout", "batch_size": "batch_size", "num_steps": "num_steps",
    "steps": "Training steps", "lr": "Learning rate (Adam)", "clip": "Clip max_norm", "seed": "Seed",
}  # fmt: skip
_FIELDS_ZH = {
    "corpus": "语料", "cells": "单元", "sampling": "小批量", "hidden_size": "hidden_size",
    "num_layers": "num_layers", "dropout": "dropout", "batch_size": "batch_size", "num_steps": "num_steps",
    "steps": "训练步数", "lr": "学习率（Adam）", "clip": "裁剪 max_norm", "seed": "随机种子",
}  # fmt: skip
_HELP_EN = {
    "corpus": "All offline: the Mandarin syllable table built from pinyin's rules, the text of Python's own "
    "documentation topics, the source of a few standard-library modules, or your own text.",
    "cells": "Train several at once on the same minibatches: their curves race on one plot.",
    "sampling": "Consecutive: each batch row is one stream of the text, so h is carried to the next window "
    "(detached). Random: windows from random places, h starts from zeros every minibatch.",
    "hidden_size": "Units of the cell; the embedding has the same size: nn.Embedding(vocab, hidden_size).",
    "num_layers": "Stacked layers of the cell.",
    "dropout": "Between stacked layers (nn.RNN's dropout) and on the last layer's output, while training.",
    "batch_size": "Rows of a minibatch: X is [batch_size, num_steps].",
    "num_steps": "Characters per window: how far back the gradient flows in one minibatch.",
    "steps": "Optimizer steps (minibatches) per cell.",
    "lr": "torch.optim.Adam(lr=...).",
    "clip": "clip_grad_norm_(max_norm=...): a gradient longer than this is scaled down to it.",
    "seed": "Same seed, same settings, same machine: the same run.",
}
_HELP_ZH = {
    "corpus": "全部离线：按拼音声母韵母规则生成的普通话音节表、Python 自带的文档主题文本、"
    "几个标准库模块的源代码，或你自己的文本。",
    "cells": "在同样的小批量上同时训练多个单元：它们的曲线在同一张图上赛跑。",
    "sampling": "相邻采样：每一行是文本的一条连续数据流，h 被传到下一个窗口（已 detach）。"
    "随机采样：窗口来自随机位置，每个小批量 h 都从零开始。",
    "hidden_size": "单元的隐藏单元数；嵌入维度与之相同：nn.Embedding(vocab, hidden_size)。",
    "num_layers": "单元堆叠的层数。",
    "dropout": "训练时作用于堆叠层之间（nn.RNN 的 dropout）以及最后一层的输出。",
    "batch_size": "小批量的行数：X 的形状是 [batch_size, num_steps]。",
    "num_steps": "每个窗口的字符数：一个小批量内梯度能向回传多远。",
    "steps": "每个单元的优化步数（小批量数）。",
    "lr": "torch.optim.Adam(lr=...)。",
    "clip": "clip_grad_norm_(max_norm=...)：范数超过它的梯度被缩放到它。",
    "seed": "同样的种子、同样的设置、同一台机器：同样的训练过程。",
}

EN = {
    "lab.page": "Language-model lab",
    "lab.title": "Language-model lab",
    "lab.intro": "The tutorial's char-level language model, trained here in front of you: `nn.Embedding` → "
    "`nn.RNN` / `nn.GRU` / `nn.LSTM` → `nn.Linear`, cross-entropy, `Adam`, `hidden.detach()` between "
    "minibatches and `clip_grad_norm_`. Pick a corpus and the cells, press **Train**, and watch the samples "
    "go from gibberish to words.",
    **{f"lab.field.{k}": v for k, v in _FIELDS_EN.items()},
    **{f"lab.help.{k}": v for k, v in _HELP_EN.items()},
    "lab.corpus.syllables": "Mandarin syllable table (pinyin)",
    "lab.corpus.prose": "English prose (Python's documentation topics)",
    "lab.corpus.python": "Python source (standard library)",
    "lab.corpus.own": "My own text",
    "lab.sampling.consecutive": "Consecutive",
    "lab.sampling.random": "Random",
    "lab.preset": "Tutorial values",
    "lab.preset_help": "Adam lr=0.01, batch_size=32, num_steps=5, clip max_norm=1.0, consecutive minibatches, "
    "the syllable table.",
    "lab.own.paste": "Paste a text",
    "lab.own.paste_help": "At most {n} characters.",
    "lab.own.upload": "… or upload a UTF-8 .txt file",
    "lab.own.upload_help": "Plain UTF-8 text; only the first {n} characters are used.",
    "lab.own.missing": "Paste a text or upload a .txt file to train on it.",
    "lab.own.truncated": "The text is longer than the cap: the first {n} characters are used.",
    "lab.corpus_error.empty": "The text is empty. Paste some text or upload a .txt file with text in it.",
    "lab.corpus_error.binary": "This looks like a binary file, not text. Upload a plain UTF-8 .txt file.",
    "lab.corpus_error.encoding": "This file is not UTF-8 text (byte {position} cannot be read). Save it as "
    "UTF-8 and upload it again.",
    "lab.corpus_error.short": "The text has {n} characters; the lab needs at least {min}. Add more text.",
    "lab.corpus_error.unknown": "Unknown corpus {name}: use one of {allowed}.",
    "lab.ckpt_error.unreadable": "the file cannot be read ({detail}).",
    "lab.ckpt_error.not_checkpoint": "not a checkpoint that torch.load(weights_only=True) can read ({detail}).",
    "lab.ckpt_error.keys": "not an rnnviz lab checkpoint: it needs the keys {detail}.",
    "lab.ckpt_error.weights": "the weights do not fit the model its config describes ({detail}).",
    "lab.ckpt_error.config": "the checkpoint's config is not valid ({detail}).",
    "lab.ckpt_error.vocab": "the checkpoint's vocabulary is not valid ({detail}).",
    "lab.split": "{n} characters: the first {train} (90%) train the models, the last {val} (10%) measure the "
    "validation loss.",
    "lab.too_short": "The training text ({n} characters) cannot fill one minibatch of batch_size {batch} × "
    "num_steps {steps}. Make batch_size or num_steps smaller.",
    # the minibatch picture
    "lab.batch.header": "The minibatch picture",
    "lab.batch.intro_consecutive": "**Consecutive sampling**, as the tutorial's `data_iter_consecutive`: the "
    "training text is cut into `batch_size` streams, one per row, and read in windows of `num_steps` "
    "characters. Window *i + 1* of a row continues window *i*, so the hidden state at the end of one window "
    "is the right start for the next: it is handed over, and `hidden.detach()` cuts the gradient at the "
    "border (backpropagation stops at the window's edge).",
    "lab.batch.intro_random": "**Random sampling**, as the tutorial's `data_iter_random`: each row is a "
    "window from a random place in the text, and row *b* of the next minibatch has nothing to do with row "
    "*b* of this one. A hidden state carried over would be wrong, so it starts from zeros every minibatch.",
    "lab.batch.index": "Minibatch",
    "lab.batch.shapes": "One minibatch `X` is `[batch_size, num_steps]` = `[{batch}, {steps}]` (the rows "
    "above; `Y` is `X` shifted one character to the right). The model reads it time-major, as the tutorial: "
    "`X.T` is `[num_steps, batch_size]` = `[{steps}, {batch}]`, the embedding `[num_steps, batch_size, "
    "hidden_size]` = `[{steps}, {batch}, {hidden}]` goes into the cell, one column of the paper strip per "
    "time step. One pass over the text has {epoch} minibatches.",
    "lab.fig.batch_title": "Minibatch {i}: the first {rows} of {batch} rows, windows of num_steps = {steps}",
    "lab.fig.batch_cut": " (first {cols} columns of each window)",
    "lab.fig.window_prev": "minibatch {i}",
    "lab.fig.window_cur": "minibatch {i} (now)",
    "lab.fig.window_next": "minibatch {i}",
    "lab.fig.border_detach": "h → h.detach()",
    "lab.fig.border_reset": "h = 0 (reset)",
    "lab.fig.border_start": "h = 0 (start)",
    "lab.fig.window_none": "(none before: the pass starts here)",
    "lab.fig.step_linear": "step",
    "lab.fig.row": "row {b}",
    # training
    "lab.sb.caps": "Server caps of the lab: steps ≤ {lab_steps}, hidden_size ≤ {lab_hidden_size}, num_layers ≤ "
    "{lab_num_layers}, batch_size ≤ {lab_batch_size}, num_steps ≤ {lab_num_steps}, text ≤ {lab_corpus_chars:,} "
    "characters, {lab_trainings} trainings at once.",
    "lab.loop.header": "The training loop, line by line",
    "lab.loop.intro": "What **Train** runs for each cell ({sampling} sampling), with this page's sizes; every "
    "shape was measured by running one minibatch of them:",
    "lab.loop.epoch": "One pass over the training text per epoch (the lab counts steps, minibatches, and starts "
    "a new pass when one ends).",
    "lab.loop.state_epoch": "A new pass starts at the top of every stream: no state to carry yet (`None` means "
    "zeros).",
    "lab.loop.iter_consecutive": "`X` and `Y` are `{X}` = `[batch_size, num_steps]`: row b is stream b of the "
    "text, window after window; `Y` is `X` shifted one character.",
    "lab.loop.iter_random": "`X` and `Y` are `{X}` = `[batch_size, num_steps]`: each row is a window from a random "
    "place; `Y` is `X` shifted one character.",
    "lab.loop.if_state": "From the second minibatch on, the last minibatch's state is carried over: row b goes on "
    "where it stopped.",
    "lab.loop.detach": "`hidden.detach()`: the same numbers, cut from the last minibatch's graph, so backward stops "
    "at this window's border. nn.LSTM's state is the pair (h, c): each is detached. Each is `{state}`.",
    "lab.loop.state_random": "Random windows are unrelated: every minibatch starts from zeros, nothing is carried.",
    "lab.loop.forward": "The model reads `X.T` `{XT}` (time-major), embeds it `{emb}`, runs the cell (its output "
    "`{rnn_out}`) and decodes every step: `output` is `{output}` = `[num_steps * batch_size, vocab]`, row "
    "`t * batch_size + b`; the new `state` (each `{state}`) is the last step's.",
    "lab.loop.target": "The targets in the same t-major order: `Y.T` flattened, `{y}` (`reshape`, not `view`: "
    "`Y.T` is not contiguous).",
    "lab.loop.loss": "`nn.CrossEntropyLoss()`: the mean of −log p(next character) over the {n} predictions, in "
    "nats per character (the loss curve).",
    "lab.loop.zero_grad": "Clear the last step's gradients (backward adds to them).",
    "lab.loop.backward": "Backpropagation through the {steps} steps of this window, and no further (the state was "
    "detached).",
    "lab.loop.clip": "`clip_grad_norm_` returns the norm of all gradients together before it clips (the gradient "
    "chart) and scales them down to max_norm = {clip} when they are longer.",
    "lab.loop.step": "Adam (lr = {lr}) moves every weight.",
    "lab.loop.pitfalls_header": "Lines that fail as they are often printed",
    "lab.loop.pitfalls_intro": "Tutorial code is often printed in a form that does not run. Each error below is "
    "raised now, by running the printed line in this PyTorch (`{version}`); the lab runs the line under it.",
    "lab.pitfall.tuple_state": "With nn.LSTM, whose state is the pair (h, c):",
    "lab.pitfall.first_batch": "On the first minibatch, when there is no state yet:",
    "lab.pitfall.view": "On the targets, where `Y.T` is a transposed tensor (not contiguous):",
    "lab.pitfall.printed": "printed",
    "lab.pitfall.ours": "the lab",
    "lab.train.header": "Train",
    "lab.train.button": "Train",
    "lab.stop.button": "Stop",
    "lab.train.hint": "Press Train: every cell you picked learns for {steps} steps on the same minibatches.",
    "lab.no_cells": "Pick at least one cell to train.",
    "lab.busy": "The server is busy: {n} trainings are running for other visitors. Try again in a minute.",
    "lab.cached": "These settings were trained already: the finished models are reopened from the server's cache.",
    "lab.other_settings": "Showing the run you started with other settings; press Train to train these.",
    "lab.status.running": "Training: step {done} of {steps}, {rate} steps/s, {seconds} s",
    "lab.status.done": "Done: {done} steps in {seconds} s ({rate} steps/s)",
    "lab.status.stopped": "Stopped after {done} of {steps} steps ({seconds} s); the models keep what they learnt.",
    "lab.status.failed": "The training failed after {done} steps.",
    "lab.failed": "What went wrong: {error}",
    "lab.fig.loss_title": "Loss per character",
    "lab.fig.loss_subtitle": "training (thin), validation (thick)",
    "lab.fig.step_axis": "step (log scale)",
    "lab.fig.nats_axis": "cross-entropy (nats per character)",
    "lab.fig.bits_axis": "bits per character",
    "lab.fig.train_trace": "{cell} training",
    "lab.fig.val_trace": "{cell} validation",
    "lab.loss_caption": "The same curves on two scales: nats per character on the left (what CrossEntropyLoss "
    "returns), bits per character on the right (nats / ln 2). The training loss is that of each minibatch; the "
    "validation loss is measured on the last 10% of the text every 10% of the run and at the end.",
    "lab.col.cell": "cell",
    "lab.col.steps": "steps",
    "lab.col.train": "last training loss (nats)",
    "lab.col.val": "validation loss (nats)",
    "lab.col.bits": "validation bits per character",
    "lab.fig.grad_title": "Gradient norm before clipping",
    "lab.fig.grad_axis": "||grad|| before clipping",
    "lab.fig.clip_line": "max_norm = {clip}",
    "lab.grad_caption": "clip_grad_norm_ returns the norm of all gradients before it clips: every step above "
    "the dashed line at {clip} was scaled down to it, every step below it was left alone.",
    "lab.samples_header": "Samples (temperature 0.8, taken at each validation)",
    "lab.sample_of": "{cell}",
    # after training
    "lab.sample.header": "Sample from a trained model",
    "lab.sample.cell": "Model",
    "lab.sample.prefix": "Prefix",
    "lab.sample.length": "Characters",
    "lab.sample.seed": "Seed",
    "lab.sample.temperature": "Temperature",
    "lab.sample.temperature_help": "Divides the logits: below 1 safer, above 1 wilder.",
    "lab.sample.top_k": "Top-k (0: all)",
    "lab.sample.top_k_help": "Draw only from the k likeliest characters.",
    "lab.sample.greedy": "Greedy",
    "lab.sample.greedy_help": "Always take the likeliest character (temperature and top-k no longer matter).",
    "lab.sample.empty": "Type a prefix to start from.",
    "lab.sample.unknown": "The model never saw these characters: {chars}. Use characters of the corpus.",
    "lab.top5.header": "What the model expects next, character by character",
    "lab.top5.text": "Text to read",
    "lab.top5.invalid": "Type a text of characters from the corpus (unknown: {chars}).",
    "lab.top5.caption": "After reading each character the model gives a probability to every character of the "
    "vocabulary; these are its five likeliest, next to the character that really follows.",
    "lab.col.position": "position",
    "lab.col.seen": "read",
    "lab.col.actual": "really next",
    "lab.col.top": "top {k}",
    "lab.download.header": "Checkpoints",
    "lab.download.button": "{cell} checkpoint (.pt)",
    "lab.download.caption": "One .pt file per model with the keys `state_dict`, `config` and `vocab`, plain "
    "types only: `torch.load(path, weights_only=True)` reads it, and `rnnviz.lab.load_checkpoint(path)` gives "
    "back `(model, config, vocab)`.",
    # the CLI
    "lab.cli.train_help": "Train the lab's char-level language model and write DIR/model.pt and DIR/metrics.csv.",
    "lab.cli.sample_help": "Print text generated by a checkpoint of `train`.",
    "lab.cli.help.corpus": "syllables, prose, python, or the path of a UTF-8 text file (default: syllables).",
    "lab.cli.help.cell": "The cell: rnn, gru or lstm (default: gru).",
    "lab.cli.help.steps": "Optimizer steps (default: 300).",
    "lab.cli.help.hidden_size": "Hidden size, also the embedding size (default: 64).",
    "lab.cli.help.num_layers": "Stacked layers (default: 1).",
    "lab.cli.help.batch_size": "Rows of a minibatch (default: 32).",
    "lab.cli.help.num_steps": "Characters per window (default: 35).",
    "lab.cli.help.lr": "Adam's learning rate (default: 0.01).",
    "lab.cli.help.clip": "clip_grad_norm_'s max_norm (default: 1.0).",
    "lab.cli.help.seed": "Seed of the initial weights and of the minibatch order (default: 0).",
    "lab.cli.help.dropout": "Dropout between layers and on the output (default: 0).",
    "lab.cli.help.sampling": "consecutive or random minibatches (default: consecutive).",
    "lab.cli.help.out": "Directory for model.pt and metrics.csv (created if needed).",
    "lab.cli.help.checkpoint": "A model.pt written by `train`.",
    "lab.cli.help.prefix": "Text to start from (default: the first character of the vocabulary).",
    "lab.cli.help.length": "Characters to generate after the prefix (default: 200).",
    "lab.cli.help.temperature": "Divides the logits; below 1 safer, above 1 wilder (default: 1.0).",
    "lab.cli.help.top_k": "Draw from the k likeliest characters only; 0 for all (default: 0).",
    "lab.cli.help.greedy": "Always take the likeliest character.",
    "lab.cli.help.sample_seed": "Seed of the random draws (default: 0).",
    "lab.cli.range": "a number from {low} to {high}",
    "lab.cli.whole_range": "a whole number from {low} to {high}",
    "lab.cli.error.invalid": "{flag} {raw}: expected {allowed}.",
    "lab.cli.error.env": "(a larger cap: set {env})",
    "lab.cli.error.corpus_path": "--corpus {raw}: no such file; use {allowed} or the path of a UTF-8 text file.",
    "lab.cli.error.too_short": "the training text ({n} characters) cannot fill one minibatch of --batch-size "
    "{batch} x --num-steps {steps}; make them smaller.",
    "lab.cli.error.empty_prefix": "--prefix is empty: give at least one character.",
    "lab.cli.error.prefix_chars": "--prefix has characters the model never saw: {chars}.",
    "lab.cli.error.write": "could not write the results: {error}",
    "lab.cli.truncated": "the text is longer than the cap: the first {n} characters are used "
    "(RNNVIZ_MAX_LAB_CORPUS_CHARS raises it).",
    "lab.cli.start": "training {cell} on {corpus} ({n} characters, {vocab} distinct) for {steps} steps; "
    "Ctrl-C stops and keeps what it has",
    "lab.cli.progress": "[{bar}] {step}/{total}  {rate} steps/s  ETA {eta}  loss {loss}",
    "lab.cli.done": "done: {steps} steps, validation loss {val} nats = {bits} bits per character; wrote "
    "{out}/model.pt and {out}/metrics.csv",
    "lab.cli.stopped": "stopped after {steps} steps, validation loss {val} nats = {bits} bits per character; "
    "wrote {out}/model.pt and {out}/metrics.csv",
}

ZH = {
    "lab.page": "语言模型实验室",
    "lab.title": "语言模型实验室",
    "lab.intro": "教程里的字符级语言模型，就在你眼前训练：`nn.Embedding` → `nn.RNN` / `nn.GRU` / `nn.LSTM` → "
    "`nn.Linear`，交叉熵、`Adam`、小批量之间的 `hidden.detach()` 和 `clip_grad_norm_`。选好语料和单元，按"
    "**训练**，看采样从乱码变成词语。",
    **{f"lab.field.{k}": v for k, v in _FIELDS_ZH.items()},
    **{f"lab.help.{k}": v for k, v in _HELP_ZH.items()},
    "lab.corpus.syllables": "普通话音节表（拼音）",
    "lab.corpus.prose": "英文散文（Python 文档主题）",
    "lab.corpus.python": "Python 源代码（标准库）",
    "lab.corpus.own": "我自己的文本",
    "lab.sampling.consecutive": "相邻采样",
    "lab.sampling.random": "随机采样",
    "lab.preset": "教程的取值",
    "lab.preset_help": "Adam lr=0.01、batch_size=32、num_steps=5、裁剪 max_norm=1.0、相邻采样、音节表。",
    "lab.own.paste": "粘贴文本",
    "lab.own.paste_help": "最多 {n} 个字符。",
    "lab.own.upload": "……或上传一个 UTF-8 编码的 .txt 文件",
    "lab.own.upload_help": "纯 UTF-8 文本；只使用前 {n} 个字符。",
    "lab.own.missing": "粘贴一段文本或上传一个 .txt 文件，就可以用它训练。",
    "lab.own.truncated": "文本超过上限：只使用前 {n} 个字符。",
    "lab.corpus_error.empty": "文本是空的。请粘贴一些文本，或上传一个有内容的 .txt 文件。",
    "lab.corpus_error.binary": "这看起来是二进制文件，不是文本。请上传纯 UTF-8 的 .txt 文件。",
    "lab.corpus_error.encoding": "这个文件不是 UTF-8 文本（第 {position} 个字节无法读取）。请另存为 UTF-8 后重新上传。",
    "lab.corpus_error.short": "文本只有 {n} 个字符；实验室至少需要 {min} 个。请加入更多文本。",
    "lab.corpus_error.unknown": "未知语料 {name}：请使用 {allowed} 之一。",
    "lab.ckpt_error.unreadable": "无法读取该文件（{detail}）。",
    "lab.ckpt_error.not_checkpoint": "不是 torch.load(weights_only=True) 能读取的检查点（{detail}）。",
    "lab.ckpt_error.keys": "不是 rnnviz 实验室的检查点：需要这些键 {detail}。",
    "lab.ckpt_error.weights": "权重与其 config 描述的模型不符（{detail}）。",
    "lab.ckpt_error.config": "检查点的 config 无效（{detail}）。",
    "lab.ckpt_error.vocab": "检查点的词表无效（{detail}）。",
    "lab.split": "共 {n} 个字符：前 {train} 个（90%）用于训练，后 {val} 个（10%）用于计算验证损失。",
    "lab.too_short": "训练文本（{n} 个字符）填不满一个 batch_size {batch} × num_steps {steps} 的小批量。"
    "请减小 batch_size 或 num_steps。",
    "lab.batch.header": "小批量示意图",
    "lab.batch.intro_consecutive": "**相邻采样**，即教程里的 `data_iter_consecutive`：训练文本被切成 `batch_size` "
    "条数据流，每行一条，按 `num_steps` 个字符一个窗口读取。一行的第 *i + 1* 个窗口紧接着第 *i* 个窗口，所以一个窗口"
    "末尾的隐藏状态正好是下一个窗口的起点：它被传下去，而 `hidden.detach()` 在边界处切断梯度（反向传播停在窗口边缘）。",
    "lab.batch.intro_random": "**随机采样**，即教程里的 `data_iter_random`：每一行都是文本中随机位置的一个窗口，下一个"
    "小批量的第 *b* 行与这一个的第 *b* 行毫无关系。传过去的隐藏状态是错的，所以每个小批量都从零开始。",
    "lab.batch.index": "小批量",
    "lab.batch.shapes": "一个小批量 `X` 的形状是 `[batch_size, num_steps]` = `[{batch}, {steps}]`（上图各行；`Y` 是 "
    "`X` 向右移一个字符）。模型像教程那样按时间优先读取：`X.T` 是 `[num_steps, batch_size]` = `[{steps}, {batch}]`，"
    "嵌入 `[num_steps, batch_size, hidden_size]` = `[{steps}, {batch}, {hidden}]` 送入单元，纸条的每一列是一个时间步。"
    "遍历一遍文本共有 {epoch} 个小批量。",
    "lab.fig.batch_title": "第 {i} 个小批量：{batch} 行中的前 {rows} 行，窗口 num_steps = {steps}",
    "lab.fig.batch_cut": "（每个窗口的前 {cols} 列）",
    "lab.fig.window_prev": "第 {i} 个小批量",
    "lab.fig.window_cur": "第 {i} 个小批量（当前）",
    "lab.fig.window_next": "第 {i} 个小批量",
    "lab.fig.border_detach": "h → h.detach()",
    "lab.fig.border_reset": "h = 0（重置）",
    "lab.fig.border_start": "h = 0（起点）",
    "lab.fig.window_none": "（此前没有：一遍从这里开始）",
    "lab.fig.step_linear": "步数",
    "lab.fig.row": "第 {b} 行",
    "lab.sb.caps": "实验室的服务器上限：步数 ≤ {lab_steps}，hidden_size ≤ {lab_hidden_size}，num_layers ≤ "
    "{lab_num_layers}，batch_size ≤ {lab_batch_size}，num_steps ≤ {lab_num_steps}，文本 ≤ {lab_corpus_chars:,} "
    "个字符，同时最多 {lab_trainings} 个训练。",
    "lab.loop.header": "训练循环，逐行说明",
    "lab.loop.intro": "按下**训练**后每个单元运行的代码（{sampling}），用本页的尺寸；每个形状都是实际运行一个"
    "小批量量出来的：",
    "lab.loop.epoch": "每一轮（`epoch`）把训练文本过一遍（实验室按步数即小批量计数，一遍结束就开始新的一遍）。",
    "lab.loop.state_epoch": "新的一遍从每条数据流的开头开始：还没有可传递的状态（`None` 表示全零）。",
    "lab.loop.iter_consecutive": "`X` 和 `Y` 的形状是 `{X}` = `[batch_size, num_steps]`：第 b 行是文本的第 b "
    "条数据流，一个窗口接一个窗口；`Y` 是 `X` 右移一个字符。",
    "lab.loop.iter_random": "`X` 和 `Y` 的形状是 `{X}` = `[batch_size, num_steps]`：每一行是从随机位置取的窗口；"
    "`Y` 是 `X` 右移一个字符。",
    "lab.loop.if_state": "从第二个小批量起，上一个小批量的状态被传下来：第 b 行从停下的地方继续。",
    "lab.loop.detach": "`hidden.detach()`：数值不变，但与上一个小批量的计算图断开，所以反向传播停在本窗口的边界。"
    "nn.LSTM 的状态是 (h, c) 一对：各自 `detach()`。每个的形状是 `{state}`。",
    "lab.loop.state_random": "随机窗口之间没有关系：每个小批量都从零开始，不传递状态。",
    "lab.loop.forward": "模型读入 `X.T` `{XT}`（时间优先），嵌入为 `{emb}`，经过单元（输出 `{rnn_out}`），再对每个"
    "时间步解码：`output` 是 `{output}` = `[num_steps * batch_size, vocab]`，第 `t * batch_size + b` 行；"
    "新的 `state`（每个 `{state}`）是最后一步的状态。",
    "lab.loop.target": "目标按同样的时间优先顺序：把 `Y.T` 展平，`{y}`（用 `reshape` 而不是 `view`：`Y.T` 不连续）。",
    "lab.loop.loss": "`nn.CrossEntropyLoss()`：{n} 个预测的 −log p(下一个字符) 的平均值，"
    "单位是每字符奈特（损失曲线）。",
    "lab.loop.zero_grad": "清掉上一步的梯度（反向传播会累加到梯度上）。",
    "lab.loop.backward": "沿本窗口的 {steps} 个时间步反向传播，不再往前（状态已 `detach()`）。",
    "lab.loop.clip": "`clip_grad_norm_` 返回裁剪前所有梯度合在一起的范数（梯度图），范数大于 max_norm = {clip} 时"
    "把梯度缩放到它。",
    "lab.loop.step": "Adam（lr = {lr}）更新每一个权重。",
    "lab.loop.pitfalls_header": "照常见印法写会出错的几行",
    "lab.loop.pitfalls_intro": "教程里的代码常常印成跑不起来的样子。下面每个错误都是现在用这个 PyTorch（`{version}`）"
    "实际运行印出来的那一行得到的；实验室运行的是它下面那一行。",
    "lab.pitfall.tuple_state": "用 nn.LSTM 时，它的状态是 (h, c) 一对：",
    "lab.pitfall.first_batch": "在第一个小批量，还没有状态时：",
    "lab.pitfall.view": "对目标，`Y.T` 是转置后的张量（不连续）：",
    "lab.pitfall.printed": "印出来的",
    "lab.pitfall.ours": "实验室的",
    "lab.train.header": "训练",
    "lab.train.button": "训练",
    "lab.stop.button": "停止",
    "lab.train.hint": "按“训练”：你选的每个单元都在同样的小批量上学习 {steps} 步。",
    "lab.no_cells": "请至少选择一个单元来训练。",
    "lab.busy": "服务器正忙：有 {n} 个训练正在为其他访客运行。请过一分钟再试。",
    "lab.cached": "这些设置已经训练过：从服务器缓存中重新打开训练好的模型。",
    "lab.other_settings": "显示的是你用其他设置开始的训练；按“训练”来训练当前设置。",
    "lab.status.running": "训练中：第 {done} / {steps} 步，每秒 {rate} 步，{seconds} 秒",
    "lab.status.done": "完成：{done} 步，用时 {seconds} 秒（每秒 {rate} 步）",
    "lab.status.stopped": "在第 {done} / {steps} 步停止（{seconds} 秒）；模型保留已学到的内容。",
    "lab.status.failed": "训练在 {done} 步后失败。",
    "lab.failed": "出错原因：{error}",
    "lab.fig.loss_title": "每字符损失",
    "lab.fig.loss_subtitle": "训练（细线）与验证（粗线）",
    "lab.fig.step_axis": "步数（对数刻度）",
    "lab.fig.nats_axis": "交叉熵（每字符奈特）",
    "lab.fig.bits_axis": "每字符比特数",
    "lab.fig.train_trace": "{cell} 训练",
    "lab.fig.val_trace": "{cell} 验证",
    "lab.loss_caption": "同一组曲线的两种刻度：左边是每字符奈特（CrossEntropyLoss 的返回值），右边是每字符比特"
    "（奈特 / ln 2）。训练损失是每个小批量的损失；验证损失在文本最后 10% 上计算，每完成 10% 的训练以及结束时各算一次。",
    "lab.col.cell": "单元",
    "lab.col.steps": "步数",
    "lab.col.train": "最近训练损失（奈特）",
    "lab.col.val": "验证损失（奈特）",
    "lab.col.bits": "验证每字符比特数",
    "lab.fig.grad_title": "每一步裁剪前的梯度范数",
    "lab.fig.grad_axis": "裁剪前的 ||grad||",
    "lab.fig.clip_line": "max_norm = {clip}",
    "lab.grad_caption": "clip_grad_norm_ 返回裁剪之前所有梯度的范数：虚线 {clip} 以上的每一步都被缩放到它，"
    "以下的每一步保持不变。",
    "lab.samples_header": "采样（温度 0.8，每次验证时生成）",
    "lab.sample_of": "{cell} 单元",
    "lab.sample.header": "从训练好的模型采样",
    "lab.sample.cell": "模型",
    "lab.sample.prefix": "前缀",
    "lab.sample.length": "字符数",
    "lab.sample.seed": "随机种子",
    "lab.sample.temperature": "温度",
    "lab.sample.temperature_help": "用它去除 logits：小于 1 更保守，大于 1 更狂野。",
    "lab.sample.top_k": "前 k 个（0：全部）",
    "lab.sample.top_k_help": "只从可能性最大的 k 个字符中抽取。",
    "lab.sample.greedy": "贪心",
    "lab.sample.greedy_help": "总是取可能性最大的字符（温度和前 k 个不再起作用）。",
    "lab.sample.empty": "请输入一个起始前缀。",
    "lab.sample.unknown": "模型没见过这些字符：{chars}。请使用语料中的字符。",
    "lab.top5.header": "模型逐字符预测的下一个字符",
    "lab.top5.text": "要读取的文本",
    "lab.top5.invalid": "请输入由语料中字符组成的文本（未知字符：{chars}）。",
    "lab.top5.caption": "每读一个字符，模型就给词表中每个字符一个概率；"
    "这里是可能性最大的五个，旁边是真正的下一个字符。",
    "lab.col.position": "位置",
    "lab.col.seen": "读到",
    "lab.col.actual": "真正的下一个",
    "lab.col.top": "第 {k} 名",
    "lab.download.header": "检查点",
    "lab.download.button": "{cell} 检查点（.pt）",
    "lab.download.caption": "每个模型一个 .pt 文件，包含键 `state_dict`、`config` 和 `vocab`，只有普通类型："
    "`torch.load(path, weights_only=True)` 可以读取，`rnnviz.lab.load_checkpoint(path)` 返回 "
    "`(model, config, vocab)`。",
    "lab.cli.train_help": "训练实验室的字符级语言模型，写出 DIR/model.pt 和 DIR/metrics.csv。",
    "lab.cli.sample_help": "打印由 `train` 的检查点生成的文本。",
    "lab.cli.help.corpus": "syllables、prose、python，或一个 UTF-8 文本文件的路径（默认：syllables）。",
    "lab.cli.help.cell": "单元：rnn、gru 或 lstm（默认：gru）。",
    "lab.cli.help.steps": "优化步数（默认：300）。",
    "lab.cli.help.hidden_size": "隐藏大小，也是嵌入大小（默认：64）。",
    "lab.cli.help.num_layers": "堆叠层数（默认：1）。",
    "lab.cli.help.batch_size": "小批量的行数（默认：32）。",
    "lab.cli.help.num_steps": "每个窗口的字符数（默认：35）。",
    "lab.cli.help.lr": "Adam 的学习率（默认：0.01）。",
    "lab.cli.help.clip": "clip_grad_norm_ 的 max_norm（默认：1.0）。",
    "lab.cli.help.seed": "初始权重和小批量顺序的随机种子（默认：0）。",
    "lab.cli.help.dropout": "层间和输出上的 dropout（默认：0）。",
    "lab.cli.help.sampling": "consecutive（相邻）或 random（随机）小批量（默认：consecutive）。",
    "lab.cli.help.out": "存放 model.pt 和 metrics.csv 的目录（必要时创建）。",
    "lab.cli.help.checkpoint": "由 `train` 写出的 model.pt。",
    "lab.cli.help.prefix": "起始文本（默认：词表的第一个字符）。",
    "lab.cli.help.length": "前缀之后生成的字符数（默认：200）。",
    "lab.cli.help.temperature": "用它去除 logits；小于 1 更保守，大于 1 更狂野（默认：1.0）。",
    "lab.cli.help.top_k": "只从可能性最大的 k 个字符中抽取；0 表示全部（默认：0）。",
    "lab.cli.help.greedy": "总是取可能性最大的字符。",
    "lab.cli.help.sample_seed": "随机抽取的种子（默认：0）。",
    "lab.cli.range": "{low} 到 {high} 之间的数",
    "lab.cli.whole_range": "{low} 到 {high} 之间的整数",
    "lab.cli.error.invalid": "{flag} {raw}：应为{allowed}。",
    "lab.cli.error.env": "（要更大的上限：设置 {env}）",
    "lab.cli.error.corpus_path": "--corpus {raw}：没有这个文件；请使用 {allowed} 或一个 UTF-8 文本文件的路径。",
    "lab.cli.error.too_short": "训练文本（{n} 个字符）填不满一个 --batch-size {batch} x --num-steps {steps} 的小批量；"
    "请把它们调小。",
    "lab.cli.error.empty_prefix": "--prefix 是空的：至少给一个字符。",
    "lab.cli.error.prefix_chars": "--prefix 含有模型没见过的字符：{chars}。",
    "lab.cli.error.write": "无法写出结果：{error}",
    "lab.cli.truncated": "文本超过上限：只使用前 {n} 个字符（用 RNNVIZ_MAX_LAB_CORPUS_CHARS 提高上限）。",
    "lab.cli.start": "在 {corpus} 上训练 {cell}（{n} 个字符，{vocab} 种）共 {steps} 步；Ctrl-C 停止并保留已有结果",
    "lab.cli.progress": "[{bar}] {step}/{total}  每秒 {rate} 步  剩余 {eta}  损失 {loss}",
    "lab.cli.done": "完成：{steps} 步，验证损失 {val} 奈特 = 每字符 {bits} 比特；"
    "已写出 {out}/model.pt 和 {out}/metrics.csv",
    "lab.cli.stopped": "在 {steps} 步后停止，验证损失 {val} 奈特 = 每字符 {bits} 比特；已写出 {out}/model.pt 和 "
    "{out}/metrics.csv",
}
