print("shubbak")
