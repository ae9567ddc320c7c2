"""UI strings of the gated cells (nn.GRU, nn.LSTM): gate heatmaps, the gated step view: EN and ZH hold the same keys."""

EN: dict[str, str] = {
    # the quantities, as panel titles
    "gates.q.gru.r": "r_t: reset gate (sigmoid)",
    "gates.q.gru.z": "z_t: update gate (sigmoid)",
    "gates.q.gru.n": "n_t: candidate state (tanh)",
    "gates.q.gru.h": "h_t: hidden state",
    "gates.q.lstm.i": "i_t: input gate (sigmoid)",
    "gates.q.lstm.f": "f_t: forget gate (sigmoid)",
    "gates.q.lstm.g": "g_t: cell candidate (tanh)",
    "gates.q.lstm.o": "o_t: output gate (sigmoid)",
    "gates.q.lstm.c": "c_t: cell state (not returned in output)",
    "gates.q.lstm.h": "h_t: hidden state",
    # the gate heatmaps
    "gates.hm.section": "Every gate over time",
    "gates.caption.lstm": "{cell} layer {layer} {arrow}, t = {t}, sequence n = {n}. Gates (mean over the units): "
    "input i = {i}, forget f = {f}, candidate g = {g}, output o = {o}. The cell state c_t = f ⊙ c_({prev}) + i ⊙ g, "
    "in unit {j}: {c} = {f_j} × {c_prev} + {i_j} × {g_j}; then h_t = o ⊙ tanh(c_t).",
    "gates.caption.gru": "{cell} layer {layer} {arrow}, t = {t}, sequence n = {n}. Gates (mean over the units): "
    "reset r = {r}, update z = {z}; candidate n = {n_mean} (PyTorch applies r after W_hn). The new state "
    "h_t = (1 - z) ⊙ n + z ⊙ h_({prev}), in unit {j}: {h} = (1 - {z_j}) × {n_j} + {z_j} × {h_prev}.",
    "gates.caption.fig.gates": "The figure: every gate over time, one panel each, step t boxed.",
    "gates.caption.fig.step": "The figure: every term of step t, each gate's three columns framed in its colour.",
    "gates.part.in": "The state coming in",
    "gates.part.out": "The update: the new state",
    "gates.hm.title": "Gates of layer {layer} {arrow}, sequence n = {n}; step t = {t} boxed",
    "gates.hm.caption": "Each panel: units down (unit 0 at the top), time steps across. The range in brackets "
    "is the panel's colour scale: a sigmoid gate is always in [0, 1] (white = closed, dark blue = open), a "
    "tanh quantity in [-1, 1]; c_t has no bound, so its scale is symmetric around 0 and fits the values.",
    "gates.hm.pick_layer": "layer",
    "gates.hm.pick_direction": "direction",
    # the step view
    "gates.step.section": "The {cell} step at t = {t}, gate by gate",
    "gates.step.title": "{cell}, layer {layer} {arrow}, t = {t}, sequence n = {n}: every term of the step",
    "gates.step.caption": "One column per term, unit 0 at the top. Each gate's three columns (its W_i· x_t "
    "+ b_i· block, its W_h· h_({prev}) + b_h· block and the gate itself) share one coloured frame, the colour of "
    "its row block in the weights below. Gates are coloured on [0, 1], the rest on one symmetric signed scale.",
    "gates.unit": "unit",
    "gates.w.title": "{name}: [{rows}, {cols}], its row blocks one per gate",
    "gates.w.caption": "PyTorch keeps all gates' weights in one matrix, stacked by rows: rows 0..H-1 are the first "
    "gate's block, rows H..2H-1 the second's, and so on (H = hidden_size = {H}). The same holds for the biases.",
    "gates.eq.header": "The equations as PyTorch writes them, with this step's numbers",
    "gates.gru_convention": "PyTorch's GRU applies the reset gate after the recurrent product: "
    "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_(t-1) + b_hn)). The original paper (Cho et al., 2014) "
    "multiplies h_(t-1) by r_t before W_hn; the two give different numbers, and these are PyTorch's.",
    "gates.lstm_proj": "With proj_size = {P}, h_t = W_hr (o_t ⊙ tanh(c_t)) has {P} features while c_t keeps "
    "hidden_size = {H}; weight_hh_l* is then [4·{H}, {P}].",
    "gates.read.header": "In plain words, at this step (the mean over the units):",
    "gates.read.gru.r": "r = {mean}: how much of h_({prev}) (through W_hn) enters the candidate n; 0 forgets it.",
    "gates.read.gru.z": "z = {mean}: how much of h_({prev}) is kept; 1 copies it through, 0 takes the candidate n.",
    "gates.read.gru.n": "n = {mean}: the candidate state proposed from x_t and the reset h_({prev}).",
    "gates.read.lstm.i": "i = {mean}: how much of the candidate g is written into the cell.",
    "gates.read.lstm.f": "f = {mean}: how much of c_({prev}) is kept; 1 remembers, 0 forgets.",
    "gates.read.lstm.g": "g = {mean}: the candidate values to write into the cell.",
    "gates.read.lstm.o": "o = {mean}: how much of tanh(c_t) is shown as h_t.",
    "gates.table.caption": "The step's numbers (rows: units; float64 of the traced values).",
    "gates.shapes.col_blocks": "row blocks",
    "gates.export.csv": "States and gates (CSV)",
    "gates.export.csv_help": "One row per layer, direction, batch element and time step t; columns h_0.., c_0.. "
    "(LSTM) and each gate's units (r_0.., z_0.., n_0.. or i_0.., f_0.., g_0.., o_0..).",
    "gates.lesson.gates": "Every gate over time · layer {layer} · {direction}",
    "gates.lesson.step": "The gated step, term by term · layer {layer} · {direction}",
    "gates.diag.c_n": "nn.LSTM also returns c_n, shape {shape} = [num_layers*num_directions, batch, hidden_size]: "
    "the last cell state of every layer and direction. It is not part of output, which holds only h_t "
    "({DH} features per step; h_t has {out} features, c_t has {H}). The top layer's c_n equals its last c_t "
    "in each direction: max |diff| = {diff}.",
    "gates.dash.title": "torch.{module}, step by step",
    "gates.parity_ok": "step-by-step unroll matches torch.{module}: max |diff| = {diff}",
    "gates.parity_bad": "step-by-step unroll differs from torch.{module}: max |diff| = {diff}",
    "gates.code.cells": "**The tutorials' {cell} loop** — the same weights, one step at a time:",
    "gates.code.cells_badge": "{cell} loop matches {module}: max |diff| = {diff}",
    "gates.code.written_out": "step (written out: PyTorch has no nn.LSTMCell with proj_size)",
    "gates.sb.cell": "cell",
    "gates.sb.cell_help": "The recurrent module: nn.RNN (one tanh or relu), nn.GRU (reset and update gates) or "
    "nn.LSTM (input, forget and output gates and a cell state c_t).",
    "gates.sb.proj_size": "proj_size",
    "gates.sb.proj_size_help": "nn.LSTM only: project h_t down to this many features, h_t = W_hr (o_t ⊙ tanh(c_t)); "
    "0 = no projection. Must be smaller than hidden_size.",
    "gates.sb.note_gru": "nn.GRU has no nonlinearity option (sigmoid gates, tanh candidate) and no proj_size.",
    "gates.sb.note_lstm": "nn.LSTM has no nonlinearity option (sigmoid gates, tanh); proj_size is its own.",
    "gates.kind.rnn": "nn.RNN: ||dL/dh_t||",
    "gates.kind.gru": "nn.GRU: ||dL/dh_t||",
    "gates.kind.lstm": "nn.LSTM: ||dL/dh_t||",
    "gates.kind.lstm_c": "nn.LSTM: ||dL/dc_t||",
    "gates.grad.norm_axis": "gradient norm (log scale)",
    "gates.grad.forget": "nn.LSTM forget gate f_t (mean over units)",
    "gates.grad.forget_axis": "f_t (0..1)",
    "gates.grad.kinds_title": "The same sizes, input and seed: how far back the gradient reaches in each cell",
    "gates.grad.cell_title": "The LSTM's two paths back in time: ||dL/dh_t|| and ||dL/dc_t||",
    "gates.grad.cell_header": "dL/dc_t: the gradient along the cell state",
    "gates.grad.cell_caption": "Layer {layer}, forward direction, by autograd. dL/dc_(t-1) = f_t ⊙ dL/dc_t + (the "
    "path through h): where the forget gate is near 1, the gradient passes back along c_t almost unchanged.",
    "gates.grad.kinds_header": "nn.RNN, nn.GRU and nn.LSTM side by side",
    "gates.grad.kinds_too_big": "This comparison also runs an nn.LSTM of these sizes: its trace would hold {cells} "
    "values (h_t, c_t and 4 gates per unit and step), more than this server's cap of {cap}. Lower seq_len, "
    "batch_size, num_layers or hidden_size to see it.",
    "gates.grad.kinds_caption": "Each line is a module of the same sizes built from the same seed (weights differ: "
    "each kind has its own), with every W_hh scaled by {scale}× as above, fed the same input, layer {layer} forward, "
    "by autograd, with this page's default loss. "
    "The dotted line is the LSTM's forget gate on its own [0, 1] axis at the right.",
    "gates.grad.kinds_caption_model": "The {module} line is this page's model (its own weights); the other lines "
    "are modules of the same sizes built from the seed. All are fed the same input, every W_hh scaled by "
    "{scale}× as above, layer {layer} forward, by autograd, with this page's default loss. The dotted line is "
    "the LSTM's forget gate on its own [0, 1] axis at the right.",
    "gates.grad.kinds_caption_input": "The {module} line is this page's model on your input; the other lines are "
    "modules of the same sizes built from the seed, fed the seeded input (your input goes to this page's model "
    "only); every W_hh scaled by {scale}× as above, layer {layer} forward, by autograd, with this page's default "
    "loss. The dotted line is the LSTM's forget gate on its own [0, 1] axis at the right.",
    "gates.grad.kinds_caption_none": "None of these lines is this page's model: each is a module of its sizes "
    "built from the seed (nn.LSTM without a projection), fed the seeded input; every W_hh scaled by {scale}× as "
    "above, layer {layer} forward, by autograd, with this page's default loss. The dotted line is the LSTM's "
    "forget gate on its own [0, 1] axis at the right.",
    "gates.grad.manual_note": "The W_hh scale multiplies every block of weight_hh (all gates at once).",
}

ZH: dict[str, str] = {
    "gates.q.gru.r": "r_t：重置门（σ）",
    "gates.q.gru.z": "z_t：更新门（σ）",
    "gates.q.gru.n": "n_t：候选状态（tanh）",
    "gates.q.gru.h": "h_t：隐藏状态",
    "gates.q.lstm.i": "i_t：输入门（σ）",
    "gates.q.lstm.f": "f_t：遗忘门（σ）",
    "gates.q.lstm.g": "g_t：细胞候选值（tanh）",
    "gates.q.lstm.o": "o_t：输出门（σ）",
    "gates.q.lstm.c": "c_t：细胞状态（不在 output 中返回）",
    "gates.q.lstm.h": "h_t：隐藏状态",
    "gates.hm.section": "每个门随时间的变化",
    "gates.caption.lstm": "{cell} 第 {layer} 层 {arrow}，t = {t}，序列 n = {n}。各门（对单元取平均）："
    "输入门 i = {i}，遗忘门 f = {f}，候选值 g = {g}，输出门 o = {o}。细胞状态 c_t = f ⊙ c_({prev}) + i ⊙ g，"
    "在单元 {j} 中：{c} = {f_j} × {c_prev} + {i_j} × {g_j}；然后 h_t = o ⊙ tanh(c_t)。",
    "gates.caption.gru": "{cell} 第 {layer} 层 {arrow}，t = {t}，序列 n = {n}。各门（对单元取平均）："
    "重置门 r = {r}，更新门 z = {z}；候选状态 n = {n_mean}（PyTorch 在 W_hn 之后才乘 r）。新状态 "
    "h_t = (1 - z) ⊙ n + z ⊙ h_({prev})，在单元 {j} 中：{h} = (1 - {z_j}) × {n_j} + {z_j} × {h_prev}。",
    "gates.caption.fig.gates": "本图：每个门随时间的变化，每个门一个面板，方框为步 t。",
    "gates.caption.fig.step": "本图：步 t 的每一项，每个门的三列用它的颜色框出。",
    "gates.part.in": "输入的状态",
    "gates.part.out": "更新：新的状态",
    "gates.hm.title": "第 {layer} 层 {arrow} 的门，序列 n = {n}；方框为步 t = {t}",
    "gates.hm.caption": "每个面板：纵向为单元（单元 0 在最上方），横向为时间步。方括号中的区间"
    "是该面板的色标：σ（S 型函数）门总在 [0, 1]（白色 = 关闭，深蓝 = 打开），tanh 量在 [-1, 1]；"
    "c_t 没有界，因此其色标以 0 为中心对称并适配数值。",
    "gates.hm.pick_layer": "层",
    "gates.hm.pick_direction": "方向",
    "gates.step.section": "{cell} 在 t = {t} 的一步，逐门展开",
    "gates.step.title": "{cell}，第 {layer} 层 {arrow}，t = {t}，序列 n = {n}：这一步的每一项",
    "gates.step.caption": "每列一项，单元 0 在最上方。每个门的三列（其 W_i· x_t + b_i· 块、"
    "W_h· h_({prev}) + b_h· 块和门本身）共用一个彩色框，颜色与下方权重中该门的行块相同。"
    "门的色标为 [0, 1]，其余各项共用一个对称的有符号色标。",
    "gates.unit": "单元",
    "gates.w.title": "{name}：[{rows}, {cols}]，每个门一个行块",
    "gates.w.caption": "PyTorch 把所有门的权重按行堆叠在一个矩阵里：第 0..H-1 行是第一个门的块，"
    "第 H..2H-1 行是第二个门的，依此类推（H = hidden_size = {H}）。偏置也是如此。",
    "gates.eq.header": "PyTorch 写法的方程，代入这一步的数值",
    "gates.gru_convention": "PyTorch 的 GRU 在循环乘积之后才乘重置门：n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_(t-1) "
    "+ b_hn))。原论文（Cho 等，2014）在乘 W_hn 之前先用 r_t 乘 h_(t-1)；两者数值不同，这里是 PyTorch 的。",
    "gates.lstm_proj": "当 proj_size = {P} 时，h_t = W_hr (o_t ⊙ tanh(c_t)) 有 {P} 个特征，"
    "而 c_t 仍为 hidden_size = {H}；此时 weight_hh_l* 为 [4·{H}, {P}]。",
    "gates.read.header": "用通俗的话说，这一步（对各单元取平均）：",
    "gates.read.gru.r": "r = {mean}：h_({prev})（经 W_hn）有多少进入候选状态 n；为 0 时将其忘掉。",
    "gates.read.gru.z": "z = {mean}：保留多少 h_({prev})；为 1 时原样保留，为 0 时取候选状态 n。",
    "gates.read.gru.n": "n = {mean}：由 x_t 和重置后的 h_({prev}) 提出的候选状态。",
    "gates.read.lstm.i": "i = {mean}：候选值 g 有多少被写入细胞。",
    "gates.read.lstm.f": "f = {mean}：保留多少 c_({prev})；为 1 时记住，为 0 时遗忘。",
    "gates.read.lstm.g": "g = {mean}：准备写入细胞的候选值。",
    "gates.read.lstm.o": "o = {mean}：tanh(c_t) 有多少作为 h_t 输出。",
    "gates.table.caption": "这一步的数值（行：单元；追踪值，双精度）。",
    "gates.shapes.col_blocks": "行块",
    "gates.export.csv": "状态与门（CSV）",
    "gates.export.csv_help": "每行对应一个层、方向、批内样本和时间步 t；列为 h_0..、c_0..（LSTM）以及每个门的各单元"
    "（r_0..、z_0..、n_0.. 或 i_0..、f_0..、g_0..、o_0..）。",
    "gates.lesson.gates": "每个门随时间的变化 · 第 {layer} 层 · {direction}",
    "gates.lesson.step": "门控单元的一步，逐项展开 · 第 {layer} 层 · {direction}",
    "gates.diag.c_n": "nn.LSTM 还返回 c_n，形状 {shape} = [num_layers*num_directions, N, hidden_size]："
    "每一层、每个方向最后的细胞状态。它不在 output 中，output 只含 h_t（每步 {DH} 个特征；h_t 有 {out} 个特征，"
    "c_t 有 {H} 个）。最上层的 c_n 等于每个方向最后的 c_t：最大 |差值| = {diff}。",
    "gates.dash.title": "逐步拆解 torch.{module}",
    "gates.parity_ok": "逐步展开与 torch.{module} 一致：最大 |差值| = {diff}",
    "gates.parity_bad": "逐步展开与 torch.{module} 不一致：最大 |差值| = {diff}",
    "gates.code.cells": "**教程中的 {cell} 循环**——相同的权重，一次一步：",
    "gates.code.cells_badge": "{cell} 循环与 {module} 一致：最大 |差值| = {diff}",
    "gates.code.written_out": "单步（手写展开：PyTorch 没有带 proj_size 的 nn.LSTMCell）",
    "gates.sb.cell": "单元",
    "gates.sb.cell_help": "循环模块：nn.RNN（一个 tanh 或 relu）、nn.GRU（重置门与更新门）或 nn.LSTM（输入门、遗忘门、"
    "输出门和细胞状态 c_t）。",
    "gates.sb.proj_size": "proj_size（投影大小）",
    "gates.sb.proj_size_help": "仅 nn.LSTM：把 h_t 投影到这么多个特征，h_t = W_hr (o_t ⊙ tanh(c_t))；0 = 不投影。"
    "必须小于 hidden_size。",
    "gates.sb.note_gru": "nn.GRU 没有 nonlinearity 选项（σ 门、tanh 候选状态），也没有 proj_size。",
    "gates.sb.note_lstm": "nn.LSTM 没有 nonlinearity 选项（σ 门、tanh）；proj_size 是它独有的。",
    "gates.kind.rnn": "nn.RNN：||dL/dh_t||",
    "gates.kind.gru": "nn.GRU：||dL/dh_t||",
    "gates.kind.lstm": "nn.LSTM：||dL/dh_t||",
    "gates.kind.lstm_c": "nn.LSTM：||dL/dc_t||",
    "gates.grad.norm_axis": "梯度范数（对数刻度）",
    "gates.grad.forget": "nn.LSTM 遗忘门 f_t（对各单元取平均）",
    "gates.grad.forget_axis": "f_t（0..1）",
    "gates.grad.kinds_title": "相同的尺寸、输入和种子：梯度在每种单元中能向回传多远",
    "gates.grad.cell_title": "LSTM 向过去的两条路径：||dL/dh_t|| 与 ||dL/dc_t||",
    "gates.grad.cell_header": "dL/dc_t：沿细胞状态的梯度",
    "gates.grad.cell_caption": "第 {layer} 层，正向，由 autograd 计算。dL/dc_(t-1) = f_t ⊙ dL/dc_t +（经过 h 的路径）："
    "遗忘门接近 1 时，梯度几乎不变地沿 c_t 向回传。",
    "gates.grad.kinds_header": "nn.RNN、nn.GRU 与 nn.LSTM 对比",
    "gates.grad.kinds_too_big": "这个对比还要运行同样大小的 nn.LSTM：它的记录将有 {cells} 个数"
    "（每个单元每步有 h_t、c_t 和 4 个门），超过了本服务器的上限 {cap}。请减小 seq_len、batch_size、"
    "num_layers 或 hidden_size 再查看。",
    "gates.grad.kinds_caption": "每条线是一个尺寸相同、由相同种子构建的模块（权重不同："
    "每种单元有自己的权重），每个模块的 W_hh 都按上面的设置缩放 {scale} 倍，输入相同，"
    "第 {layer} 层正向，由 autograd 计算，使用本页默认的损失。"
    "虚线是 LSTM 的遗忘门，使用右侧独立的 [0, 1] 坐标轴。",
    "gates.grad.kinds_caption_model": "{module} 这条线是本页的模型（它自己的权重）；其余的线是尺寸相同、"
    "由种子构建的模块。所有模块的输入相同，每个模块的 W_hh 都按上面的设置缩放 {scale} 倍，"
    "第 {layer} 层正向，由 autograd 计算，使用本页默认的损失。虚线是 LSTM 的遗忘门，使用右侧独立的 [0, 1] 坐标轴。",
    "gates.grad.kinds_caption_input": "{module} 这条线是本页的模型，使用你的输入；其余的线是尺寸相同、"
    "由种子构建的模块，使用种子生成的输入（你的输入只用于本页的模型）；每个模块的 W_hh 都按上面的设置缩放 "
    "{scale} 倍，第 {layer} 层正向，由 autograd 计算，使用本页默认的损失。虚线是 LSTM 的遗忘门，"
    "使用右侧独立的 [0, 1] 坐标轴。",
    "gates.grad.kinds_caption_none": "这些线都不是本页的模型：每条都是相同尺寸、由种子构建的模块"
    "（不带投影的 nn.LSTM），使用种子生成的输入；每个模块的 W_hh 都按上面的设置缩放 {scale} 倍，"
    "第 {layer} 层正向，由 autograd 计算，使用本页默认的损失。虚线是 LSTM 的遗忘门，使用右侧独立的 [0, 1] 坐标轴。",
    "gates.grad.manual_note": "W_hh 缩放会同时乘以 weight_hh 的每个块（所有门）。",
}
