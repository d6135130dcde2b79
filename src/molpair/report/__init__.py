"""Reports regenerated from run outputs: RMSE tables per dataset × model."""
