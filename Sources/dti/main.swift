print("dti")
