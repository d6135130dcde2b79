"""Reports regenerated from run outputs: RMSE beside the published reference, calibration of the predictive
std, per-dataset figures and an index.html that gathers them."""
