"""UI strings (gradients): the BPTT page and its figures. EN and ZH hold the same keys."""

EN: dict[str, str] = {
    # figures
    "grad.fig.panel_0": "layer {layer} · forward →",
    "grad.fig.panel_1": "layer {layer} · reverse ←",
    "grad.fig.flow_0": "gradient flows back: t = {last} → 0",
    "grad.fig.flow_1": "gradient flows back: t = 0 → {last}",
    "grad.fig.direction_0": "forward →",
    "grad.fig.direction_1": "reverse ←",
    "grad.fig.hover": "layer {layer} · {where}<br>t = %{{x}}<br>unit = %{{y}}<br>dL/dh = %{{z:.4g}}",
    "grad.fig.hover_log": "layer {layer} · {where}<br>t = %{{x}}<br>unit = %{{y}}<br>log10 |dL/dh| = %{{z:.2f}}",
    "grad.fig.hover_block": "<br>(mean of {k} steps)",
    "grad.fig.axis_time": "time step t",
    "grad.fig.axis_time_block": " (each column: mean of {k} steps)",
    "grad.fig.axis_unit": "hidden unit",
    "grad.fig.colour_abs": "|dL/dh_t|",
    "grad.fig.colour_log": "|dL/dh_t| (log)",
    "grad.fig.colour_signed": "dL/dh_t",
    "grad.fig.step_marker": "▮ current step t = {t}",
    "grad.fig.line_name": "layer {layer} {arrow}",
    "grad.fig.bound_name": "σ_max(W_hh)^|T−t|, layer {layer} {arrow}",
    "grad.fig.hover_norm": "layer {layer} {arrow}<br>t = %{{x}}<br>||dL/dh_t|| = %{{y:.3g}}",
    "grad.fig.hover_jac": "layer {layer} {arrow}<br>t = %{{x}}<br>||dh_T/dh_t|| = %{{y:.3g}}",
    "grad.fig.hover_bound": "bound, layer {layer} {arrow}<br>t = %{{x}}<br>σ_max^|T−t| = %{{y:.3g}}",
    "grad.fig.hover_nonfinite": "layer {layer} {arrow}<br>t = %{{x}}<br>inf / NaN",
    "grad.fig.missing": "grey cells: inf / NaN (exploded)",
    "grad.fig.norm_title": "How big is dL/dh_t? (log scale)",
    "grad.fig.axis_norm": "||dL/dh_t||",
    "grad.fig.jac_title": "How much does h_t still move the last state h_T? (log scale)",
    "grad.fig.axis_jac": "||dh_T/dh_t||",
    # page
    "grad.title": "Backpropagation through time",
    "grad.intro": (
        "Training an RNN means asking: if a hidden state h_t changed a little, how much would the loss L "
        "change? That number, **dL/dh_t**, is computed backwards in time: the last step first, then each "
        "earlier step from the one after it. Every backward step multiplies by W_hhᵀ and by the slope of "
        "the nonlinearity, so the gradient can shrink to nothing (**vanishing**) or blow up (**exploding**)."
    ),
    "grad.loss_default_uni": (
        "Loss used here: **L = sum of the top layer's last hidden state** (`h_n[-1].sum()`), at t = {last}. "
        "So dL/dh = 1 for every unit there, and everything you see earlier is what backpropagation makes of it."
    ),
    "grad.loss_default": (
        "Loss used here: **L = sum of the top layer's last hidden state in each direction** "
        "(`h_n[-D:].sum()`): the forward direction at t = {last}, the reverse direction at t = 0 — each "
        "direction's own last step. So dL/dh = 1 for every unit there, and everything you see earlier is "
        "what backpropagation makes of it."
    ),
    "grad.scale_label": "Scale on W_hh",
    "grad.scale_help": (
        "Multiplies every recurrent matrix W_hh (weight_hh_l*) of a copy of the network by this factor; "
        "W_ih and the biases stay. It scales the spectral radius and the largest singular value by the "
        "same factor. Below about 1/σ_max gradients vanish; well above 1 they can explode (relu especially)."
    ),
    "grad.step_label": "Current step t",
    "grad.step_help": "The step marked on every plot and used for the BPTT step below (shared with the other pages).",
    "grad.spectrum_header": "W_hh of each layer and direction",
    "grad.spectrum_caption": (
        "Spectral radius ρ = max |eigenvalue|; σ_max = largest singular value = how much W_hh can stretch "
        "a vector. One backward step multiplies by diag(f′)·W_hh, and |f′| ≤ 1 for tanh and relu, so "
        "||dh_T/dh_t|| ≤ σ_max^(T−t): with σ_max < 1 the gradient must vanish."
    ),
    "grad.col_weight": "parameter",
    "grad.col_rho": "spectral radius ρ",
    "grad.col_sigma": "σ_max",
    "grad.heatmap_header": "dL/dh_t for every unit, step, layer and direction",
    "grad.heatmap_scale": "Colour",
    "grad.heatmap_scale_abs": "|dL/dh_t|",
    "grad.heatmap_scale_log": "log |dL/dh_t|",
    "grad.heatmap_scale_signed": "signed dL/dh_t",
    "grad.heatmap_scale_help": (
        "|dL/dh_t| on a linear scale shows where the gradient is large; the log scale shows how many "
        "powers of ten it loses (or gains) going back in time; signed shows the direction of the push."
    ),
    "grad.heatmap_caption": (
        "Same layout as the hidden-state heatmaps: layers stacked (last layer on top), forward on the left, "
        "reverse on the right. The gradient starts at each direction's last step and travels backwards in "
        "that direction's time: right to left for forward, left to right for reverse. Lower layers also "
        "receive gradient from the layer above at every step."
    ),
    "grad.norm_header": "The vanishing / exploding curve",
    "grad.norm_caption": (
        "||dL/dh_t|| for the selected sequence. A straight falling line on this log scale means the gradient "
        "shrinks by the same factor every step: it vanishes exponentially. A rising line means it explodes. "
        "Try the W_hh scale above, and tanh vs relu and seq_len in the sidebar."
    ),
    "grad.summary": (
        "From the last step back to the first, ||dL/dh_t|| changes by a factor of {ratio} (layer {layer} {arrow})."
    ),
    "grad.jac_header": "Jacobian norms ||dh_T/dh_t||",
    "grad.jac_caption": (
        "How much a change in h_t still moves the direction's last state h_T (T = {last} forward, T = 0 "
        "reverse), inside one layer: the product of the backward steps diag(f′(pre))·W_hh. The dotted "
        "lines are the bound σ_max^|T−t|."
    ),
    "grad.jac_every": (
        "To stay fast at this size, the norm is computed every {k} steps back from T; the line joins them."
    ),
    "grad.recursion_header": "One step of BPTT with real numbers",
    "grad.recursion_intro": (
        "The gradient at h_t collects three contributions: (1) **directly** from the loss through output / "
        "h_n, (2) **through time** from the next step the direction computes, via W_hhᵀ and the slope f′, "
        "(3) **through the layer above**, which reads h_t as its input."
    ),
    "grad.layer_label": "Layer",
    "grad.direction_label": "Direction",
    "grad.direction_0": "forward →",
    "grad.direction_1": "reverse ←",
    "grad.fprime_tanh": "f′(pre) = 1 − h²  (tanh)",
    "grad.fprime_relu": "f′(pre) = 1 if pre > 0 else 0  (relu)",
    "grad.recursion_next": "At t = {t} (batch element {batch}): the next step this direction computes is t = {next}.",
    "grad.recursion_last": (
        "At t = {t} (batch element {batch}): this is the direction's last step, so nothing comes through "
        "time; the gradient comes from the loss (and the layer above)."
    ),
    "grad.col_unit": "unit i",
    "grad.table_caption": (
        "(2) = (W_hhᵀ (f′(pre_next) ⊙ dL/dh_next))_i. (1) comes from the loss through output / h_n, (3) from the "
        "layer above through its W_ih. Their sum is dL/dh_t; autograd's h_t.grad is next to it."
    ),
    "grad.col_grad_next": "dL/dh_next",
    "grad.col_fprime_next": "f′(pre_next)",
    "grad.col_through_time": "(2) through time",
    "grad.col_direct": "(1) direct",
    "grad.col_from_above": "(3) layer above",
    "grad.col_total": "sum (by hand)",
    "grad.col_autograd": "h_t.grad (autograd)",
    "grad.col_diff": "|difference|",
    "grad.parity": "Hand-written recursion vs autograd at this step: max |difference| = {diff}",
    "grad.parity_all": "Over every finite dL/dh_t of this network: max |manual − autograd| = {diff}",
    "grad.params_header": "Parameter gradients (equal to loss.backward() on the module)",
    "grad.col_shape": "shape",
    "grad.col_norm": "||grad||",
    "grad.col_manual_diff": "max |by hand − autograd|",
    "grad.loss_value": "L = {loss}",
    # notes and problems
    "grad.note.states_nonfinite": (
        "The forward pass exploded: layer {layer}, {where}, reaches inf/NaN at t = {t}. Everything that "
        "depends on it is inf/NaN too (blank cells, gaps in the curves). Lower the W_hh scale or use tanh."
    ),
    "grad.note.loss_nonfinite": "The loss is inf or NaN, so its gradients are meaningless.",
    "grad.note.grads_nonfinite": (
        "The gradient exploded: layer {layer}, {where}, becomes inf/NaN at t = {t} going backwards."
    ),
    "grad.note.loss_unused": "The loss does not depend on output or h_n: every gradient is zero.",
    "grad.note.manual_rnn_only": "The recursion by hand is shown for nn.RNN only: a GRU's or LSTM's "
    "dh_t/dh_(t-1) has one term per gate (and LSTM a second path through c_t). The gradients are autograd's.",
    "grad.note.input_nonfinite": "The input or h0 contains NaN or inf.",
    "grad.note.dropout": "Dropout acts (train mode): the gradients use the same dropout masks as the forward pass.",
    "grad.note.lengths": "With lengths {lengths}, the model runs packed, as on pack_padded_sequence(x, lengths, "
    "enforce_sorted=False): h_n is each sequence's state at its own last step (forward: t = length - 1), so that "
    "is where the loss starts. Steps past a sequence's length (t ≥ length, shown as 0 in the heatmaps) are not "
    "computed: they get no gradient and pass none on, and x there gets none. These are autograd's numbers "
    "through the packed module.",
    "grad.error": (
        "Could not compute the gradients for this configuration: {error}. "
        "Try a smaller W_hh scale or another configuration."
    ),
}

ZH: dict[str, str] = {
    # figures
    "grad.fig.panel_0": "第 {layer} 层 · 正向 →",
    "grad.fig.panel_1": "第 {layer} 层 · 反向 ←",
    "grad.fig.flow_0": "梯度反向传播：t = {last} → 0",
    "grad.fig.flow_1": "梯度反向传播：t = 0 → {last}",
    "grad.fig.direction_0": "正向 →",
    "grad.fig.direction_1": "反向 ←",
    "grad.fig.hover": "第 {layer} 层 · {where}<br>t = %{{x}}<br>单元 = %{{y}}<br>dL/dh = %{{z:.4g}}",
    "grad.fig.hover_log": "第 {layer} 层 · {where}<br>t = %{{x}}<br>单元 = %{{y}}<br>log10 |dL/dh| = %{{z:.2f}}",
    "grad.fig.hover_block": "<br>（{k} 个时间步的平均）",
    "grad.fig.axis_time": "时间步 t",
    "grad.fig.axis_time_block": "（每列为 {k} 个时间步的平均）",
    "grad.fig.axis_unit": "隐藏单元",
    "grad.fig.colour_abs": "|dL/dh_t|",
    "grad.fig.colour_log": "|dL/dh_t|（对数）",
    "grad.fig.colour_signed": "dL/dh_t",
    "grad.fig.step_marker": "▮ 当前时间步 t = {t}",
    "grad.fig.line_name": "第 {layer} 层 {arrow}",
    "grad.fig.bound_name": "σ_max(W_hh)^|T−t|，第 {layer} 层 {arrow}",
    "grad.fig.hover_norm": "第 {layer} 层 {arrow}<br>t = %{{x}}<br>||dL/dh_t|| = %{{y:.3g}}",
    "grad.fig.hover_jac": "第 {layer} 层 {arrow}<br>t = %{{x}}<br>||dh_T/dh_t|| = %{{y:.3g}}",
    "grad.fig.hover_bound": "上界，第 {layer} 层 {arrow}<br>t = %{{x}}<br>σ_max^|T−t| = %{{y:.3g}}",
    "grad.fig.hover_nonfinite": "第 {layer} 层 {arrow}<br>t = %{{x}}<br>inf / NaN",
    "grad.fig.missing": "灰色格子：inf / NaN（已爆炸）",
    "grad.fig.norm_title": "dL/dh_t 有多大？（对数坐标）",
    "grad.fig.axis_norm": "||dL/dh_t||",
    "grad.fig.jac_title": "h_t 对最后状态 h_T 还有多大影响？（对数坐标）",
    "grad.fig.axis_jac": "||dh_T/dh_t||",
    # page
    "grad.title": "随时间反向传播（BPTT）",
    "grad.intro": (
        "训练 RNN 要回答一个问题：如果隐藏状态 h_t 稍微变化一点，损失 L 会变化多少？这个量 **dL/dh_t** "
        "是沿时间倒着算的：先算最后一步，再由后一步算出前一步。每倒退一步都要乘以 W_hhᵀ 和非线性函数的斜率，"
        "所以梯度可能缩小到几乎为零（**梯度消失**），也可能急剧增大（**梯度爆炸**）。"
    ),
    "grad.loss_default_uni": (
        "这里使用的损失：**L = 最顶层最后一个隐藏状态之和**（`h_n[-1].sum()`），即 t = {last} 处。"
        "因此那一步每个单元的 dL/dh = 1，更早时间步上看到的一切，都是反向传播对它的加工结果。"
    ),
    "grad.loss_default": (
        "这里使用的损失：**L = 最顶层每个方向最后一个隐藏状态之和**（`h_n[-D:].sum()`）：正向取 t = {last}，"
        "反向取 t = 0——即每个方向自己的最后一步。因此那一步每个单元的 dL/dh = 1，更早时间步上看到的一切，"
        "都是反向传播对它的加工结果。"
    ),
    "grad.scale_label": "W_hh 的缩放系数",
    "grad.scale_help": (
        "把网络副本中每个循环权重矩阵 W_hh（weight_hh_l*）乘以这个系数；W_ih 和偏置保持不变。"
        "谱半径和最大奇异值按同一系数缩放。系数小于约 1/σ_max 时梯度消失；远大于 1 时梯度可能爆炸（relu 尤其明显）。"
    ),
    "grad.step_label": "当前时间步 t",
    "grad.step_help": "在每个图上标出、并用于下方 BPTT 单步计算的时间步（与其他页面共享）。",
    "grad.spectrum_header": "每一层、每个方向的 W_hh",
    "grad.spectrum_caption": (
        "谱半径 ρ = 特征值绝对值的最大值；σ_max = 最大奇异值 = W_hh 最多能把一个向量拉长多少倍。"
        "反向传播一步要乘以 diag(f′)·W_hh，而 tanh 和 relu 的 |f′| ≤ 1，所以 ||dh_T/dh_t|| ≤ σ_max^(T−t)："
        "σ_max < 1 时梯度必然消失。"
    ),
    "grad.col_weight": "参数",
    "grad.col_rho": "谱半径 ρ",
    "grad.col_sigma": "σ_max",
    "grad.heatmap_header": "每个单元、时间步、层和方向上的 dL/dh_t",
    "grad.heatmap_scale": "颜色",
    "grad.heatmap_scale_abs": "|dL/dh_t|",
    "grad.heatmap_scale_log": "log |dL/dh_t|",
    "grad.heatmap_scale_signed": "带符号的 dL/dh_t",
    "grad.heatmap_scale_help": (
        "线性坐标的 |dL/dh_t| 显示梯度大的位置；对数坐标显示沿时间倒退时梯度减少（或增加）了几个数量级；"
        "带符号的显示推动的方向。"
    ),
    "grad.heatmap_caption": (
        "布局与隐藏状态热图相同：各层上下堆叠（最后一层在最上面），正向在左，反向在右。梯度从每个方向的最后一步出发，"
        "沿该方向的时间倒着传播：正向从右到左，反向从左到右。较低的层在每个时间步还会从上一层接收梯度。"
    ),
    "grad.norm_header": "梯度消失 / 爆炸曲线",
    "grad.norm_caption": (
        "所选序列的 ||dL/dh_t||。在对数坐标上呈一条下降的直线，意味着梯度每一步都缩小同样的倍数：按指数消失；"
        "上升的直线则表示爆炸。试试上面的 W_hh 缩放系数，以及侧边栏中的 tanh / relu 和 seq_len。"
    ),
    "grad.summary": "从最后一步倒推到第一步，||dL/dh_t|| 变化了 {ratio} 倍（第 {layer} 层 {arrow}）。",
    "grad.jac_header": "雅可比矩阵范数 ||dh_T/dh_t||",
    "grad.jac_caption": (
        "h_t 的变化还能在多大程度上影响该方向的最后状态 h_T（正向 T = {last}，反向 T = 0），只在同一层内计算："
        "即反向各步 diag(f′(pre))·W_hh 的乘积。虚线是上界 σ_max^|T−t|。"
    ),
    "grad.jac_every": "为了在这个规模下保持流畅，范数从 T 开始每隔 {k} 步计算一次，曲线把这些点连起来。",
    "grad.recursion_header": "用真实数字走一步 BPTT",
    "grad.recursion_intro": (
        "h_t 处的梯度汇集三部分：(1) 经由 output / h_n **直接**来自损失；(2) **沿时间**来自该方向计算的下一步，"
        "经过 W_hhᵀ 和斜率 f′；(3) **来自上一层**，因为上一层把 h_t 作为输入读取。"
    ),
    "grad.layer_label": "层",
    "grad.direction_label": "方向",
    "grad.direction_0": "正向 →",
    "grad.direction_1": "反向 ←",
    "grad.fprime_tanh": "f′(pre) = 1 − h²（tanh）",
    "grad.fprime_relu": "pre > 0 时 f′(pre) = 1，否则为 0（relu）",
    "grad.recursion_next": "在 t = {t}（样本 {batch}）：该方向计算的下一步是 t = {next}。",
    "grad.recursion_last": (
        "在 t = {t}（样本 {batch}）：这是该方向的最后一步，没有沿时间传来的梯度；梯度来自损失（以及上一层）。"
    ),
    "grad.col_unit": "单元 i",
    "grad.table_caption": (
        "(2) = (W_hhᵀ (f′(pre_next) ⊙ dL/dh_next))_i。(1) 经由 output / h_n 来自损失，"
        "(3) 经由上一层的 W_ih 来自上一层。三者之和就是 dL/dh_t；旁边是 autograd 的 h_t.grad。"
    ),
    "grad.col_grad_next": "dL/dh_next",
    "grad.col_fprime_next": "f′(pre_next)",
    "grad.col_through_time": "(2) 沿时间",
    "grad.col_direct": "(1) 直接项",
    "grad.col_from_above": "(3) 来自上一层",
    "grad.col_total": "求和（手算）",
    "grad.col_autograd": "h_t.grad（autograd）",
    "grad.col_diff": "|差值|",
    "grad.parity": "本步手写递推与 autograd 对比：最大 |差值| = {diff}",
    "grad.parity_all": "在该网络所有有限的 dL/dh_t 上：最大 |手算 − autograd| = {diff}",
    "grad.params_header": "参数梯度（与在模块上调用 loss.backward() 相同）",
    "grad.col_shape": "形状",
    "grad.col_norm": "||grad||",
    "grad.col_manual_diff": "最大 |手算 − autograd|",
    "grad.loss_value": "L = {loss}",
    # notes and problems
    "grad.note.states_nonfinite": (
        "前向计算爆炸了：第 {layer} 层 {where} 在 t = {t} 达到 inf/NaN。所有依赖它的量也都是 inf/NaN"
        "（热图中为空白，曲线中断）。请减小 W_hh 缩放系数或改用 tanh。"
    ),
    "grad.note.loss_nonfinite": "损失为 inf 或 NaN，因此它的梯度没有意义。",
    "grad.note.grads_nonfinite": "梯度爆炸了：第 {layer} 层 {where} 反向传播到 t = {t} 时变为 inf/NaN。",
    "grad.note.loss_unused": "损失不依赖 output 或 h_n：所有梯度都为零。",
    "grad.note.manual_rnn_only": "手工递推只针对 nn.RNN 展示：GRU 或 LSTM 的 dh_t/dh_(t-1) 每个门都有一项"
    "（LSTM 还有一条经过 c_t 的路径）。这里的梯度来自 autograd。",
    "grad.note.input_nonfinite": "输入或 h0 中含有 NaN 或 inf。",
    "grad.note.dropout": "Dropout 生效（训练模式）：梯度使用与前向计算相同的 dropout 掩码。",
    "grad.note.lengths": "有效长度为 {lengths}，模型按打包方式运行，与 pack_padded_sequence(x, lengths, "
    "enforce_sorted=False) 相同：h_n 是每个序列在它自己最后一步的状态（正向：t = 长度 - 1），损失从那里开始。"
    "超出序列长度的时间步（t ≥ 长度，热力图中为 0）根本不计算：它们没有梯度，也不把梯度传给其他时间步，"
    "那里的 x 也没有梯度。"
    "这些数值就是 autograd 经过打包模块算出的结果。",
    "grad.error": "无法为此配置计算梯度：{error}。请尝试更小的 W_hh 缩放系数或其他配置。",
}
